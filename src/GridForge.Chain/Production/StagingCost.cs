namespace GridForge.Chain.Production;

/// <summary>How long staging a block's writes (hashing them into the state tree, <c>StateStore.Stage</c>) takes on
/// this node, per write, learned from the blocks it stages. A proposer with a time budget reserves this for the writes its block
/// holds so far, since staging cannot stop midway (docs/network.md, "Block size under load"). Not thread-safe: used under the
/// chain's produce lock.</summary>
internal sealed class StagingCost
{
    /// <summary>Before any block is staged here: a sparse Merkle tree update of a few hundred hashes.</summary>
    public static readonly TimeSpan InitialPerWrite = TimeSpan.FromMicroseconds(10);

    // Smaller stagings say more about their fixed costs (and the clock's grain) than about a write's.
    private const int MinWritesObserved = 64;

    public TimeSpan PerWrite { get; set; } = InitialPerWrite;

    /// <summary>The time staging <paramref name="writes"/> writes should take.</summary>
    public TimeSpan For(int writes) => PerWrite * writes;

    /// <summary>Learns from a staging of <paramref name="writes"/> writes that took <paramref name="took"/>: a moving average
    /// (a quarter of weight to the newest), so one slow staging (a collection, a busy disk) does not halve the next block.</summary>
    public void Observe(int writes, TimeSpan took)
    {
        if (writes < MinWritesObserved) return;
        PerWrite = ((PerWrite * 3) + (took / writes)) / 4;
    }
}
