using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;

namespace GridForge.Chain.Consensus;

/// <summary>What consensus decides on a chain: a block, identified by its header hash (which the votes sign).</summary>
public sealed class BlockValue(Blocks.Block block) : IConsensusValue
{
    public Blocks.Block Block { get; } = block;

    public Hash32 Id { get; } = block.Hash();
}
