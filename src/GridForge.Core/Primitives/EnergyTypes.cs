namespace GridForge.Core.Primitives;

/// <summary>Energy in watt-hours; arithmetic is checked.</summary>
public readonly record struct Wh(long Value) : IComparable<Wh>
{
    public static readonly Wh Zero;

    public static Wh operator +(Wh a, Wh b) => new(checked(a.Value + b.Value));
    public static Wh operator -(Wh a, Wh b) => new(checked(a.Value - b.Value));

    public static bool operator <(Wh a, Wh b) => a.Value < b.Value;
    public static bool operator >(Wh a, Wh b) => a.Value > b.Value;
    public static bool operator <=(Wh a, Wh b) => a.Value <= b.Value;
    public static bool operator >=(Wh a, Wh b) => a.Value >= b.Value;

    public int CompareTo(Wh other) => Value.CompareTo(other.Value);

    public override string ToString() => $"{Value} Wh";
}

/// <summary>A price in µWATT per kWh; may be zero or negative; arithmetic is checked.</summary>
public readonly record struct PricePerKwh(long MicroPerKwh) : IComparable<PricePerKwh>
{
    public static readonly PricePerKwh Zero;

    public static PricePerKwh operator +(PricePerKwh a, PricePerKwh b) => new(checked(a.MicroPerKwh + b.MicroPerKwh));
    public static PricePerKwh operator -(PricePerKwh a, PricePerKwh b) => new(checked(a.MicroPerKwh - b.MicroPerKwh));
    public static PricePerKwh operator -(PricePerKwh a) => new(checked(-a.MicroPerKwh));

    public static bool operator <(PricePerKwh a, PricePerKwh b) => a.MicroPerKwh < b.MicroPerKwh;
    public static bool operator >(PricePerKwh a, PricePerKwh b) => a.MicroPerKwh > b.MicroPerKwh;
    public static bool operator <=(PricePerKwh a, PricePerKwh b) => a.MicroPerKwh <= b.MicroPerKwh;
    public static bool operator >=(PricePerKwh a, PricePerKwh b) => a.MicroPerKwh >= b.MicroPerKwh;

    public int CompareTo(PricePerKwh other) => MicroPerKwh.CompareTo(other.MicroPerKwh);

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
