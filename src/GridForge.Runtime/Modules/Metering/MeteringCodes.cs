namespace GridForge.Runtime.Modules.Metering;

/// <summary>The stable rejection codes of the metering module's registry messages (besides <c>unauthorized</c>
/// and the grid's <c>unknown_zone</c>).</summary>
public static class MeteringCodes
{
    public const string MeterExists = "meter_exists";
    public const string UnknownMeter = ReadingCodes.UnknownMeter;
    public const string RetiredMeter = ReadingCodes.RetiredMeter;
    public const string InvalidRatedPower = "invalid_rated_power";
    public const string InvalidRegisters = "invalid_registers";
}
