namespace GridForge.Consensus.Engine;

/// <summary>What a core needs besides its signer: the chain id its signatures are bound to and the timeouts.</summary>
public sealed record ConsensusConfig(string ChainId)
{
    public TimeoutSettings Timeouts { get; init; } = new();

    /// <summary>Messages of the next height kept while this one finishes (beyond it they are dropped; peers send again).</summary>
    public int MaxBufferedNextHeight { get; init; } = 4_096;

    internal CoreMutation Mutation { get; init; }
}
