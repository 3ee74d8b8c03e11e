using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>A signer that tells the checker about every signature that leaves it.</summary>
internal sealed class RecordingSigner(IConsensusSigner inner, Action<SignState> signed) : IConsensusSigner
{
    public Address Address => inner.Address;

    public SignState? LastSigned => inner.LastSigned;

    public SignedProposal? SignProposal(Proposal proposal, LockState locks, IReadOnlyList<SignedVote> polka)
    {
        var result = inner.SignProposal(proposal, locks, polka);
        if (result is not null) signed(inner.LastSigned!);
        return result;
    }

    public SignedVote? SignVote(Vote vote, LockState locks, IReadOnlyList<SignedVote> polka)
    {
        var result = inner.SignVote(vote, locks, polka);
        if (result is not null) signed(inner.LastSigned!);
        return result;
    }
}
