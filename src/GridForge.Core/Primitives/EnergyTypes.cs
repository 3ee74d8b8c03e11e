namespace GridForge.Core.Primitives;

/// <summary>Energy in watt-hours.</summary>
public readonly record struct Wh(long Value)
{
    public static Wh operator +(Wh a, Wh b) => new(checked(a.Value + b.Value));
    public static Wh operator -(Wh a, Wh b) => new(checked(a.Value - b.Value));
    public override string ToString() => $"{Value} Wh";
}

/// <summary>A price in µWATT per kWh; may be zero or negative.</summary>
public readonly record struct PricePerKwh(long MicroPerKwh)
{
    public override string ToString() => $"{MicroPerKwh} µWATT/kWh";
}

/// <summary>A delivery slot: the index of a fixed-length interval since the Unix epoch.</summary>
public readonly record struct SlotId(long Index)
{
    public long StartSeconds(long slotSeconds) => checked(Index * slotSeconds);
    public override string ToString() => Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A grid zone (a feeder or substation area) by its short name.</summary>
public readonly record struct ZoneId(string Name)
{
    public override string ToString() => Name;
}
