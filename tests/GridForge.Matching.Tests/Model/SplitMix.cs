namespace GridForge.Matching.Tests.Model;

/// <summary>A tiny seeded generator (SplitMix64) so that a stream is the same on every machine and runtime.</summary>
public sealed class SplitMix(ulong seed)
{
    private ulong state = seed;

    public ulong NextULong()
    {
        var z = unchecked(state += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>An integer in [min, max] inclusive.</summary>
    public long Next(long min, long max) => min + (long)(NextULong() % (ulong)(max - min + 1));

    public int Next(int min, int max) => (int)Next((long)min, max);

    /// <summary>True with probability percent/100.</summary>
    public bool Chance(int percent) => Next(0, 99) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count - 1)];
}
