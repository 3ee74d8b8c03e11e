namespace GridForge.Runtime.Modules.Metering;

/// <summary>A registered meter is active until the DSO retires it; a retired meter's key can never be registered again.</summary>
public enum MeterStatus : byte
{
    Active = 1,
    Retired = 2,
}
