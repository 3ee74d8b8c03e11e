namespace GridForge.Chain;

/// <summary>Node-local settings (not consensus): mempool limits and the like.</summary>
public sealed record ChainOptions
{
    public int MempoolMaxCount { get; init; } = 500_000;
    public long MempoolMaxBytes { get; init; } = 512L * 1024 * 1024;
    public int MempoolMaxPerAccount { get; init; } = 10_000;
    public int RecentRejectionsKept { get; init; } = 100_000;
}
