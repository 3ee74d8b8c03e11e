using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Signing;

/// <summary>Signs a validator's proposals and votes, or refuses (null) when that could sign two conflicting messages.
/// An implementation must have made its record durable before it returns a signature.</summary>
public interface IConsensusSigner
{
    Address Address { get; }

    /// <summary>The last message signed (from durable storage after a restart), or null.</summary>
    SignState? LastSigned { get; }

    SignedProposal? SignProposal(Proposal proposal, LockState locks);

    SignedVote? SignVote(Vote vote, LockState locks);
}
