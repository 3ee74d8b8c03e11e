namespace GridForge.Runtime.Modules.Metering;

/// <summary>Why one reading of a batch was refused: the stable codes of <c>reading_rejected</c> events.</summary>
public static class ReadingCodes
{
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
