using System.Numerics;

namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>An exact non-negative rational (numerator over a positive denominator, kept in lowest terms), or infinity:
/// the loads and scores of sequential Phragmén, which Substrate approximates with 128-bit fractions.</summary>
internal readonly struct Ratio : IComparable<Ratio>
{
    private Ratio(BigInteger numerator, BigInteger denominator, bool infinite)
    {
        Numerator = numerator;
        Denominator = denominator;
        IsInfinite = infinite;
    }

    public static Ratio Zero { get; } = new(BigInteger.Zero, BigInteger.One, false);

    /// <summary>The score of a candidate nobody backs: larger than every finite score, equal to itself.</summary>
    public static Ratio Infinity { get; } = new(BigInteger.One, BigInteger.Zero, true);

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public bool IsInfinite { get; }

    public bool IsZero => !IsInfinite && Numerator.IsZero;

    public static Ratio Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0 || numerator.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), "a ratio is non-negative over a positive denominator");
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return gcd.IsOne || gcd.IsZero ? new Ratio(numerator, denominator, false) : new Ratio(numerator / gcd, denominator / gcd, false);
    }

    public Ratio Add(Ratio other)
    {
        if (IsInfinite || other.IsInfinite) return Infinity;
        if (Denominator == other.Denominator) return Of(Numerator + other.Numerator, Denominator);
        return Of((Numerator * other.Denominator) + (other.Numerator * Denominator), Denominator * other.Denominator);
    }

    /// <summary>this − other, which must not be negative (a later score minus an earlier load never is).</summary>
    public Ratio Subtract(Ratio other)
    {
        if (IsInfinite) return Infinity;
        if (other.IsInfinite) throw new InvalidOperationException("cannot subtract an infinite load from a finite one");
        return Of((Numerator * other.Denominator) - (other.Numerator * Denominator), Denominator * other.Denominator);
    }

    public Ratio Multiply(BigInteger factor) => IsInfinite ? Infinity : Of(Numerator * factor, Denominator);

    public Ratio Divide(BigInteger divisor) => IsInfinite ? Infinity : Of(Numerator, Denominator * divisor);

    public int CompareTo(Ratio other)
    {
        if (IsInfinite || other.IsInfinite) return IsInfinite.CompareTo(other.IsInfinite);
        return (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
    }

    public override string ToString() => IsInfinite ? "∞" : $"{Numerator}/{Denominator}";
}
