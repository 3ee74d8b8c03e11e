namespace GridForge.Runtime.Modules.Grid;

/// <summary>The kinds of event the grid module emits.</summary>
public static class GridEvents
{
    public const string ZoneAdded = "zone_added";
    public const string ZoneRemoved = "zone_removed";
    public const string LinkSet = "link_set";
    public const string LinkRemoved = "link_removed";
    public const string FeesChanged = "fees_changed";
    public const string CapacityChanged = "capacity_changed";
}
