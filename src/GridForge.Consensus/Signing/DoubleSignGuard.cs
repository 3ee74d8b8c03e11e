using GridForge.Consensus.Messages;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Signing;

/// <summary>The validator's key behind a never-sign-twice rule, as CometBFT's privval: it signs only at a (height, round,
/// step) after the last one it signed, or the very same bytes again at that one; before a signature is returned the new
/// last-signed state (with the lock state) is saved through <see cref="ISignStateStore"/>, which makes it durable. After a
/// crash the state is loaded back, so nothing conflicting is ever signed, whatever the process forgot.</summary>
public sealed class DoubleSignGuard : IConsensusSigner
{
    private readonly SigningKey _key;
    private readonly ISignStateStore _store;
    private readonly string _chainId;

    public DoubleSignGuard(SigningKey key, ISignStateStore store, string chainId)
    {
        _key = key;
        _store = store;
        _chainId = chainId;
        LastSigned = store.Load();
    }

    public Address Address => _key.Address;

    public SignState? LastSigned { get; private set; }

    /// <summary>How many requests were refused (a regression or conflicting bytes at the last step).</summary>
    public int Refusals { get; private set; }

    public SignedProposal? SignProposal(Proposal proposal, LockState locks, IReadOnlyList<SignedVote> polka) =>
        Sign(proposal.Height, proposal.Round, SignStep.Proposal, proposal.SignBytes(_chainId), proposal.ValueId, proposal.ValidRound, locks,
            polka) is { } signature
            ? new SignedProposal(proposal, Address, signature)
            : null;

    public SignedVote? SignVote(Vote vote, LockState locks, IReadOnlyList<SignedVote> polka)
    {
        var step = vote.Type == VoteType.Prevote ? SignStep.Prevote : SignStep.Precommit;
        return Sign(vote.Height, vote.Round, step, vote.SignBytes(_chainId), vote.ValueId, -1, locks, polka, vote) is { } signature
            ? new SignedVote(vote, Address, signature)
            : null;
    }

    private byte[]? Sign(ulong height, int round, SignStep step, Hash32 signBytes, Hash32? valueId, int validRound, LockState locks,
        IReadOnlyList<SignedVote> polka, Vote? vote = null)
    {
        if (LastSigned is { } last)
        {
            var order = last.CompareTo(height, round, step);
            if (order > 0 || (order == 0 && last.SignBytes != signBytes))
            {
                Refusals++;
                return null;
            }

            // The same message again (say, after a restart): the same signature, nothing new to record.
            if (order == 0) return (byte[])last.Signature.Clone();
        }

        Span<byte> message = stackalloc byte[Hash32.Size];
        signBytes.CopyTo(message);
        var signature = _key.Sign(message);
        var votes = LastSigned is { } previous && previous.Height == height ? previous.HeightVotes : [];
        if (vote is { } v) votes = [.. votes, new SignedVote(v, Address, signature)];
        var state = new SignState(height, round, step, signBytes, signature, valueId, validRound, locks) { HeightVotes = votes, Polka = polka };
        _store.Save(state);
        LastSigned = state;
        return (byte[])signature.Clone();
    }
}
