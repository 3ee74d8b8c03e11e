namespace GridForge.Consensus.Simulation;

/// <summary>xoshiro256** seeded through SplitMix64: the simulator's only source of chance, so a seed replays exactly on
/// any machine and any .NET version (System.Random's seeded algorithm is not a documented contract).</summary>
public sealed class SimRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SimRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    private static ulong SplitMix(ref ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            var z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong Next()
    {
        unchecked
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>Uniform in [0, n) by Lemire's multiply-shift (the bias is below 2^-60 for the ranges used here).</summary>
    public int Below(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)(((UInt128)Next() * (ulong)n) >> 64);
    }

    /// <summary>Uniform in [low, high].</summary>
    public long Range(long low, long high) => low + (long)(((UInt128)Next() * (ulong)(high - low + 1)) >> 64);

    /// <summary>True with probability <paramref name="permille"/>/1000.</summary>
    public bool Chance(int permille) => permille > 0 && Below(1000) < permille;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>An independent stream derived from this one (so adding draws in one part leaves others unchanged).</summary>
    public SimRandom Fork() => new(Next());
}
