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

    /// <summary>Signs a proposal, recording <paramref name="locks"/> and the prevotes that justify them (<paramref name="polka"/>).</summary>
    SignedProposal? SignProposal(Proposal proposal, LockState locks, IReadOnlyList<SignedVote> polka);

    /// <summary>Signs a vote, recording <paramref name="locks"/> and the prevotes that justify them (<paramref name="polka"/>).</summary>
    SignedVote? SignVote(Vote vote, LockState locks, IReadOnlyList<SignedVote> polka);
}
