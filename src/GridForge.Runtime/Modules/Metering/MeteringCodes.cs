namespace GridForge.Runtime.Modules.Metering;

/// <summary>The metering module's stable codes: why a registry message was refused (besides <c>unauthorized</c> and the grid's
/// <c>unknown_zone</c>), and why one reading of a batch was refused (the codes of <c>reading_rejected</c> events).</summary>
public static class MeteringCodes
{
    public const string MeterExists = "meter_exists";
    public const string InvalidRatedPower = "invalid_rated_power";
    public const string InvalidRegisters = "invalid_registers";

    // A reading's refusals; UnknownMeter and RetiredMeter refuse registry messages too.
    public const string InvalidValues = "invalid_values";
    public const string UnknownMeter = "unknown_meter";
    public const string RetiredMeter = "retired_meter";
    public const string BadSignature = "bad_signature";
    public const string OutsideWindow = "outside_window";
    public const string DuplicateReading = "duplicate_reading";
    public const string OutOfOrder = "out_of_order";
    public const string WrongDirection = "wrong_direction";
    public const string OverRatedPower = "over_rated_power";
    public const string RegistersBackwards = "registers_backwards";
    public const string RegistersMismatch = "registers_mismatch";
}
