using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Engine;

/// <summary>The votes of one type in one round: at most one per validator (the first received), and the power behind
/// each value, behind nil and behind anything. Invariant: <see cref="Any"/> = <see cref="Nil"/> + Σ value powers.</summary>
internal sealed class VoteTally(int validators)
{
    private readonly SignedVote?[] _votes = new SignedVote?[validators];
    // Looked up by value id, never iterated into a decision.
    private readonly Dictionary<Hash32, ulong> _valuePower = [];

    public ulong Any { get; private set; }

    public ulong Nil { get; private set; }

    public SignedVote? Of(int index) => _votes[index];

    public ulong For(Hash32 valueId) => _valuePower.GetValueOrDefault(valueId);

    public void Add(int index, SignedVote vote, ulong power)
    {
        _votes[index] = vote;
        Any = checked(Any + power);
        if (vote.Vote.ValueId is { } id) _valuePower[id] = checked(For(id) + power);
        else Nil = checked(Nil + power);
    }

    /// <summary>The votes for <paramref name="valueId"/>, in validator (address) order.</summary>
    public List<SignedVote> VotesFor(Hash32 valueId) => [.. _votes.Where(v => v is not null && v.Vote.ValueId == valueId).Select(v => v!)];

    /// <summary>Every vote held, in validator order.</summary>
    public IEnumerable<SignedVote> All() => _votes.Where(v => v is not null).Select(v => v!);
}
