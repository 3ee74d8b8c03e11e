using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>A link between two zones, stored with <see cref="From"/> ordinally before <see cref="To"/>: a base fee
/// in µWATT/kWh for both directions and a normal capacity in Wh per slot for each direction.</summary>
public readonly record struct GridLink(ZoneId From, ZoneId To, long BaseFee, long ForwardCapacity, long BackwardCapacity)
{
    /// <summary>True when the link joins these two zones, in either direction.</summary>
    public bool Joins(ZoneId a, ZoneId b) => (From == a && To == b) || (From == b && To == a);

    /// <summary>The normal capacity for energy flowing out of <paramref name="from"/> (which must be one end).</summary>
    public long CapacityFrom(ZoneId from) => from == From ? ForwardCapacity : BackwardCapacity;

    /// <summary>The same link written with its ends in canonical (ordinal) order, capacities following their direction.</summary>
    public static GridLink Canonical(ZoneId from, ZoneId to, long fee, long capacityFromTo, long capacityToFrom) =>
        ZoneNames.Compare(from, to) <= 0
            ? new GridLink(from, to, fee, capacityFromTo, capacityToFrom)
            : new GridLink(to, from, fee, capacityToFrom, capacityFromTo);

    public override string ToString() => $"{From}-{To}";
}
