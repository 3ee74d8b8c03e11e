namespace GridForge.Chain.Production;

/// <summary>How long staging a block's writes (hashing them into the state tree, <c>StateStore.Stage</c>) takes on
/// this node, per write, learned from the blocks it stages. A proposer with a time budget reserves this for the writes its block
/// holds so far, since staging cannot stop midway (docs/network.md, "Block size under load"). Not thread-safe: used under the
/// chain's produce lock.</summary>
internal sealed class StagingCost
{
    /// <summary>Before any block is staged here: a sparse Merkle tree update of a few hundred hashes.</summary>
    public static readonly TimeSpan InitialPerWrite = TimeSpan.FromMicroseconds(10);

    /// <summary>The writes the estimate weighs as: a staging of <c>n</c> writes moves it by <c>n / (n + EstimateWeight)</c>, so a
    /// large block says almost everything and a small one (whose fixed costs and clock grain blur a write's) a little.</summary>
    internal const int EstimateWeight = 192;

    /// <summary>One staging may say a write costs at most this many times the estimate: a stall (a collection, a paused VM, a busy
    /// disk) is not what a write costs, and a node that really became slower gets there over a few blocks.</summary>
    internal const int MaxRise = 4;

    /// <summary>A staging of fewer writes may lower the estimate but not raise it: its time is mostly fixed costs (starting
    /// the parallel hashing, the root), which would creep the estimate up over a spell of near-empty blocks.</summary>
    internal const int MinWritesToRaise = 64;

    // The floor under the estimate, so that it can always rise again (a quarter of a clock tick would round to nothing).
    private static readonly TimeSpan MinPerWrite = TimeSpan.FromTicks(1);

    public TimeSpan PerWrite { get; set; } = InitialPerWrite;

    /// <summary>The time staging <paramref name="writes"/> writes should take.</summary>
    public TimeSpan For(int writes) => PerWrite * writes;

    /// <summary>Learns from a staging of <paramref name="writes"/> writes that took <paramref name="took"/>. The small ones count
    /// too, downwards: a proposer whose estimate is too high makes small blocks, and only they can bring it down. One staging
    /// moves it at most <see cref="MaxRise"/> times up or down (a block of writes unusually cheap to stage does not make the next
    /// proposal overfill).</summary>
    public void Observe(int writes, TimeSpan took)
    {
        if (writes <= 0) return;
        var sample = Math.Clamp(took.Ticks / writes, PerWrite.Ticks / MaxRise, PerWrite.Ticks * MaxRise);
        if (writes < MinWritesToRaise && sample > PerWrite.Ticks) return;
        var next = ((PerWrite.Ticks * EstimateWeight) + (sample * writes)) / (EstimateWeight + writes);
        PerWrite = TimeSpan.FromTicks(Math.Max(next, MinPerWrite.Ticks));
    }
}
