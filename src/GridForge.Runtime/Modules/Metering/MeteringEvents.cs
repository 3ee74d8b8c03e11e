namespace GridForge.Runtime.Modules.Metering;

/// <summary>The kinds of event the metering module emits.</summary>
public static class MeteringEvents
{
    public const string MeterRegistered = "meter_registered";
    public const string MeterMoved = "meter_moved";
    public const string MeterRetired = "meter_retired";

    /// <summary>One per refused reading of a batch, in batch order: index, meter, slot, code, reason.</summary>
    public const string ReadingRejected = "reading_rejected";

    /// <summary>One per batch, after its rejections: count, and indices (the accepted readings' positions in the
    /// batch as ranges, e.g. <c>0-12,14-399</c>; empty when none was accepted).</summary>
    public const string ReadingsAccepted = "readings_accepted";
}
