using System.Globalization;

namespace GridForge.Core.Primitives;

/// <summary>A non-negative quantity of a token in micro-units (1 WATT = 1,000,000 µWATT); arithmetic is checked.</summary>
public readonly record struct Amount(ulong Micro) : IComparable<Amount>
{
    public const ulong MicroPerUnit = 1_000_000;

    public static readonly Amount Zero;

    public static Amount FromUnits(ulong units) => new(checked(units * MicroPerUnit));

    public bool IsZero => Micro == 0;

    public static Amount operator +(Amount a, Amount b) => new(checked(a.Micro + b.Micro));

    public static Amount operator -(Amount a, Amount b) => new(checked(a.Micro - b.Micro));

    public static bool operator <(Amount a, Amount b) => a.Micro < b.Micro;
    public static bool operator >(Amount a, Amount b) => a.Micro > b.Micro;
    public static bool operator <=(Amount a, Amount b) => a.Micro <= b.Micro;
    public static bool operator >=(Amount a, Amount b) => a.Micro >= b.Micro;

    public int CompareTo(Amount other) => Micro.CompareTo(other.Micro);

    public static bool TryAdd(Amount a, Amount b, out Amount sum)
    {
        var s = unchecked(a.Micro + b.Micro);
        sum = new Amount(s);
        return s >= a.Micro;
    }

    /// <summary>Decimal text with up to six fractional digits ("12.5" = 12,500,000 µ).</summary>
    public override string ToString()
    {
        var whole = Micro / MicroPerUnit;
        var frac = Micro % MicroPerUnit;
        return frac == 0
            ? whole.ToString(CultureInfo.InvariantCulture)
            : $"{whole.ToString(CultureInfo.InvariantCulture)}.{frac.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0')}";
    }

    /// <summary>Parses decimal units ("12.5") exactly; more than six fractional digits or overflow fail.</summary>
    public static bool TryParseUnits(string? text, out Amount amount)
    {
        amount = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiDigit)) return false;
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var whole)) return false;
        ulong frac = 0;
        if (parts.Length == 2)
        {
            var f = parts[1];
            if (f.Length == 0 || f.Length > 6 || !f.All(char.IsAsciiDigit)) return false;
            frac = ulong.Parse(f.PadRight(6, '0'), CultureInfo.InvariantCulture);
        }

        if (whole > (ulong.MaxValue - frac) / MicroPerUnit) return false;
        amount = new Amount((whole * MicroPerUnit) + frac);
        return true;
    }
}
