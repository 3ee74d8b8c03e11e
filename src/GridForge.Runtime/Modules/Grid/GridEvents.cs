using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>Kinds of the grid module's events; each has its record below.</summary>
public static class GridEvents
{
    public const string ZoneAdded = "zone_added";
    public const string ZoneRemoved = "zone_removed";
    public const string LinkSet = "link_set";
    public const string LinkRemoved = "link_removed";
    public const string FeesChanged = "fees_changed";
    public const string CapacityChanged = "capacity_changed";

    /// <summary>Reads a stored grid event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        ZoneAdded => Grid.ZoneAdded.Read(r),
        ZoneRemoved => Grid.ZoneRemoved.Read(r),
        LinkSet => Grid.LinkSet.Read(r),
        LinkRemoved => Grid.LinkRemoved.Read(r),
        FeesChanged => Grid.FeesChanged.Read(r),
        CapacityChanged => Grid.CapacityChanged.Read(r),
        _ => null,
    };
}

/// <summary>The DSO added a zone.</summary>
public sealed record ZoneAdded(ZoneId Zone) : IModuleEvent
{
    string IModuleEvent.Module => GridModule.ModuleName;
    string IModuleEvent.Kind => GridEvents.ZoneAdded;

    public void Write(EventWriter a) => a.Add("zone", Zone);

    internal static ZoneAdded Read(EventReader r) => new(r.Zone("zone"));
}

/// <summary>The DSO removed a zone.</summary>
public sealed record ZoneRemoved(ZoneId Zone) : IModuleEvent
{
    string IModuleEvent.Module => GridModule.ModuleName;
    string IModuleEvent.Kind => GridEvents.ZoneRemoved;

    public void Write(EventWriter a) => a.Add("zone", Zone);

    internal static ZoneRemoved Read(EventReader r) => new(r.Zone("zone"));
}

/// <summary>The DSO set a link, in its canonical direction (<paramref name="From"/> the lesser zone).</summary>
public sealed record LinkSet(ZoneId From, ZoneId To, long Fee, long CapacityForward, long CapacityBackward) : IModuleEvent
{
    string IModuleEvent.Module => GridModule.ModuleName;
    string IModuleEvent.Kind => GridEvents.LinkSet;

    public void Write(EventWriter a) => a.Add("from", From).Add("to", To).Add("fee", Fee).Add("capacity_forward", CapacityForward)
        .Add("capacity_backward", CapacityBackward);

    internal static LinkSet Read(EventReader r) => new(r.Zone("from"), r.Zone("to"), r.I64("fee"), r.I64("capacity_forward"), r.I64("capacity_backward"));
}

/// <summary>The DSO removed a link.</summary>
public sealed record LinkRemoved(ZoneId From, ZoneId To) : IModuleEvent
{
    string IModuleEvent.Module => GridModule.ModuleName;
    string IModuleEvent.Kind => GridEvents.LinkRemoved;

    public void Write(EventWriter a) => a.Add("from", From).Add("to", To);

    internal static LinkRemoved Read(EventReader r) => new(r.Zone("from"), r.Zone("to"));
}

/// <summary>The DSO changed the local fee and the congestion surcharge.</summary>
public sealed record FeesChanged(long LocalFee, long CongestionPermille) : IModuleEvent
{
    string IModuleEvent.Module => GridModule.ModuleName;
    string IModuleEvent.Kind => GridEvents.FeesChanged;

    public void Write(EventWriter a) => a.Add("local_fee", LocalFee).Add("congestion_permille", CongestionPermille);

    internal static FeesChanged Read(EventReader r) => new(r.I64("local_fee"), r.I64("congestion_permille"));
}

/// <summary>The DSO overrode a link direction's capacity for a range of slots (null, written <c>normal</c>: back to the link's own).</summary>
public sealed record CapacityChanged(ZoneId From, ZoneId To, SlotId FirstSlot, SlotId LastSlot, long? Capacity) : IModuleEvent
{
    /// <summary>How a capacity back to normal is written.</summary>
    public const string Normal = "normal";

    string IModuleEvent.Module => GridModule.ModuleName;
    string IModuleEvent.Kind => GridEvents.CapacityChanged;

    public void Write(EventWriter a)
    {
        a.Add("from", From).Add("to", To).Add("first_slot", FirstSlot).Add("last_slot", LastSlot);
        if (Capacity is { } capacity) a.Add("capacity", capacity);
        else a.Add("capacity", Normal);
    }

    internal static CapacityChanged Read(EventReader r) => new(r.Zone("from"), r.Zone("to"), r.Slot("first_slot"), r.Slot("last_slot"),
        r.Text("capacity") == Normal ? null : r.I64("capacity"));
}
