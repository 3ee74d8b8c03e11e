namespace GridForge.Runtime.Modules.Grid;

/// <summary>The stable rejection codes of the grid module (besides the runtime's <c>unauthorized</c>).</summary>
public static class GridCodes
{
    public const string InvalidZoneName = "invalid_zone_name";
    public const string ZoneExists = "zone_exists";
    public const string UnknownZone = "unknown_zone";
    public const string ZoneInUse = "zone_in_use";
    public const string UnknownLink = "unknown_link";
    public const string InvalidLink = "invalid_link";
    public const string FeeOutOfBounds = "fee_out_of_bounds";
    public const string CongestionOutOfBounds = "congestion_out_of_bounds";
    public const string CapacityOutOfBounds = "capacity_out_of_bounds";
    public const string InvalidSlotRange = "invalid_slot_range";
    public const string TooManyOverrides = "too_many_overrides";
}
