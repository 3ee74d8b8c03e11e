namespace GridForge.Runtime.Modules.Metering;

/// <summary>What stands behind a meter; solar and wind exports later earn green certificates.</summary>
public enum MeterTechnology : byte
{
    Solar = 1,
    Wind = 2,
    Battery = 3,
    Grid = 4,
    Other = 5,
}
