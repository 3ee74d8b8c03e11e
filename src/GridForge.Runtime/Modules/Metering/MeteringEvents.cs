namespace GridForge.Runtime.Modules.Metering;

/// <summary>The kinds of event the metering module emits.</summary>
public static class MeteringEvents
{
    public const string MeterRegistered = "meter_registered";
    public const string MeterMoved = "meter_moved";
    public const string MeterRetired = "meter_retired";

    /// <summary>One per accepted reading of a batch: index, meter, slot.</summary>
    public const string ReadingAccepted = "reading_accepted";

    /// <summary>One per refused reading of a batch: index, meter, slot, code, reason.</summary>
    public const string ReadingRejected = "reading_rejected";
}
