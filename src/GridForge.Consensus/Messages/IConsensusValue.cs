using GridForge.Core.Primitives;

namespace GridForge.Consensus.Messages;

/// <summary>What consensus decides (a block): opaque to the core except for its id, which votes sign. The host
/// computes the id from the value's content (a block's header hash), so a value cannot claim another's id.</summary>
public interface IConsensusValue
{
    Hash32 Id { get; }
}
