namespace GridForge.Cli.Community.Profiles;

/// <summary>Deterministic noise for the profiles: a SplitMix64 hash of (seed, index, stream), so any slot's value is
/// computed directly, the same on every run and machine (integers only).</summary>
internal static class ProfileNoise
{
    /// <summary>Streams keep the different uses of one (seed, index) independent.</summary>
    public const ulong CloudDay = 1, CloudSlot = 2, WindRegion = 3, WindLocal = 4, Load = 5, ForecastProduction = 6, ForecastLoad = 7, Site = 8;

    /// <summary>Uniform in 0…1000.</summary>
    public static long Permille(ulong seed, long index, ulong stream) => (long)(Hash(seed, index, stream) % 1001);

    /// <summary>Uniform in −range…+range.</summary>
    public static long Signed(ulong seed, long index, ulong stream, long range) =>
        (long)(Hash(seed, index, stream) % (ulong)((2 * range) + 1)) - range;

    public static ulong Hash(ulong seed, long index, ulong stream)
    {
        unchecked
        {
            var z = seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL) ^ (stream * 0xD1B54A32D192ED03UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            // A second round so that nearby indices of one seed do not correlate.
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Smoothstep between two knot values, <paramref name="u"/> in permille (0 at <paramref name="a"/>).</summary>
    public static long Smooth(long a, long b, long u)
    {
        // 3u² − 2u³ in permille: the curve is flat at each knot, so the series has no kinks.
        var s = ((3 * u * u * 1000) - (2 * u * u * u)) / 1_000_000;
        return a + ((b - a) * s / 1000);
    }
}
