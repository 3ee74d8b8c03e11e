namespace GridForge.Runtime.Modules.Metering;

/// <summary>Which way energy may flow through a meter: a reading against its kind is refused (<c>wrong_direction</c>).</summary>
public enum MeterKind : byte
{
    /// <summary>Measures energy exported to the grid only (solar, wind).</summary>
    Production = 1,

    /// <summary>Measures energy imported from the grid only.</summary>
    Consumption = 2,

    /// <summary>Measures both directions (a household with solar, a battery).</summary>
    Both = 3,
}
