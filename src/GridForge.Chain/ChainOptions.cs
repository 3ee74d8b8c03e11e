using GridForge.Consensus.Engine;
using GridForge.Consensus.Signing;

namespace GridForge.Chain;

/// <summary>Node-local settings (not consensus): mempool limits and the like.</summary>
public sealed record ChainOptions
{
    /// <summary>Where the validator's sign state lives (default: <c>consensus-sign-state</c> in the data directory).</summary>
    public ISignStateStore? SignStateStore { get; init; }

    /// <summary>The consensus timeouts (a single validator never waits for them).</summary>
    public TimeoutSettings Timeouts { get; init; } = new();

    public int MempoolMaxCount { get; init; } = 500_000;
    public long MempoolMaxBytes { get; init; } = 512L * 1024 * 1024;
    public int MempoolMaxPerAccount { get; init; } = 10_000;
    public int RecentRejectionsKept { get; init; } = 100_000;
}
