using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>Kinds of the metering module's events; each has its record below.</summary>
public static class MeteringEvents
{
    public const string MeterRegistered = "meter_registered";
    public const string MeterMoved = "meter_moved";
    public const string MeterRetired = "meter_retired";
    public const string ReadingRejected = "reading_rejected";
    public const string ReadingsAccepted = "readings_accepted";

    /// <summary>Reads a stored metering event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        MeterRegistered => Metering.MeterRegistered.Read(r),
        MeterMoved => Metering.MeterMoved.Read(r),
        MeterRetired => Metering.MeterRetired.Read(r),
        ReadingRejected => Metering.ReadingRejected.Read(r),
        ReadingsAccepted => Metering.ReadingsAccepted.Read(r),
        _ => null,
    };
}

/// <summary>The DSO registered a meter.</summary>
public sealed record MeterRegistered(MeterId Meter, Address Owner, ZoneId Zone, MeterKind Kind, MeterTechnology Technology, long RatedPowerW) : IModuleEvent
{
    string IModuleEvent.Module => MeteringModule.ModuleName;
    string IModuleEvent.Kind => MeteringEvents.MeterRegistered;

    public void Write(EventWriter a) => a.Add("meter", Meter).Add("owner", Owner).Add("zone", Zone).Add("kind", Kind.Name())
        .Add("technology", Technology.Name()).Add("rated_power_w", RatedPowerW);

    internal static MeterRegistered Read(EventReader r) => new(r.Meter("meter"), r.Address("owner"), r.Zone("zone"), r.Enum<MeterKind>("kind", MeterNames.Name),
        r.Enum<MeterTechnology>("technology", MeterNames.Name), r.I64("rated_power_w"));
}

/// <summary>A meter moved to another owner or zone.</summary>
public sealed record MeterMoved(MeterId Meter, Address Owner, ZoneId Zone, Address PreviousOwner, ZoneId PreviousZone) : IModuleEvent
{
    string IModuleEvent.Module => MeteringModule.ModuleName;
    string IModuleEvent.Kind => MeteringEvents.MeterMoved;

    public void Write(EventWriter a) => a.Add("meter", Meter).Add("owner", Owner).Add("zone", Zone).Add("previous_owner", PreviousOwner)
        .Add("previous_zone", PreviousZone);

    internal static MeterMoved Read(EventReader r) => new(r.Meter("meter"), r.Address("owner"), r.Zone("zone"), r.Address("previous_owner"),
        r.Zone("previous_zone"));
}

/// <summary>A meter was retired.</summary>
public sealed record MeterRetired(MeterId Meter, Address Owner, ZoneId Zone) : IModuleEvent
{
    string IModuleEvent.Module => MeteringModule.ModuleName;
    string IModuleEvent.Kind => MeteringEvents.MeterRetired;

    public void Write(EventWriter a) => a.Add("meter", Meter).Add("owner", Owner).Add("zone", Zone);

    internal static MeterRetired Read(EventReader r) => new(r.Meter("meter"), r.Address("owner"), r.Zone("zone"));
}

/// <summary>One per refused reading of a batch, in batch order: its position in the batch and why.</summary>
public sealed record ReadingRejected(int Index, MeterId Meter, SlotId Slot, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => MeteringModule.ModuleName;
    string IModuleEvent.Kind => MeteringEvents.ReadingRejected;

    public void Write(EventWriter a) => a.Add("index", Index).Add("meter", Meter).Add("slot", Slot).Add("code", Code).Add("reason", Reason);

    internal static ReadingRejected Read(EventReader r) => new(r.I32("index"), r.Meter("meter"), r.Slot("slot"), r.Text("code"), r.Text("reason"));
}

/// <summary>One per batch, after its rejections: how many readings were accepted and their positions in the batch as ranges
/// (<see cref="Metering.IndexRanges"/>, e.g. <c>0-12,14-399</c>; empty when none was).</summary>
public sealed record ReadingsAccepted(int Count, string Indices) : IModuleEvent
{
    string IModuleEvent.Module => MeteringModule.ModuleName;
    string IModuleEvent.Kind => MeteringEvents.ReadingsAccepted;

    /// <summary>The accepted readings' positions; null when <see cref="Indices"/> is not a range text.</summary>
    public IReadOnlyList<int>? Positions => IndexRanges.Parse(Indices);

    public void Write(EventWriter a) => a.Add("count", Count).Add("indices", Indices);

    internal static ReadingsAccepted Read(EventReader r) => new(r.I32("count"), r.Text("indices"));
}
