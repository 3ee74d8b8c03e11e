using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Engine;

/// <summary>The votes of one type in one round. As in Algorithm 1, every received message counts towards its own value:
/// a validator that sent two different votes counts once for each value (and for nil), but once only towards "any".
/// At most two votes are kept per validator (the first and one conflicting, which is the evidence), so memory stays
/// bounded. Invariant: <see cref="Any"/> ≤ <see cref="Nil"/> + Σ value powers.</summary>
internal sealed class VoteTally(int validators)
{
    private readonly SignedVote?[] _first = new SignedVote?[validators];
    private readonly SignedVote?[] _second = new SignedVote?[validators];
    // Looked up by value id, never iterated into a decision.
    private readonly Dictionary<Hash32, ulong> _valuePower = [];

    public ulong Any { get; private set; }

    public ulong Nil { get; private set; }

    public SignedVote? Of(int index) => _first[index];

    public SignedVote? SecondOf(int index) => _second[index];

    public ulong For(Hash32 valueId) => _valuePower.GetValueOrDefault(valueId);

    /// <summary>True when <paramref name="vote"/> is one already held.</summary>
    public bool Holds(int index, SignedVote vote) => _first[index]?.SameAs(vote) == true || _second[index]?.SameAs(vote) == true;

    /// <summary>True when a vote of this validator for the same value (or nil) is held.</summary>
    public bool HoldsValue(int index, Hash32? valueId) =>
        (_first[index] is { } a && a.Vote.ValueId == valueId) || (_second[index] is { } b && b.Vote.ValueId == valueId);

    /// <summary>Adds a validator's vote: its first counts towards "any" and its value; a second, for another value, towards
    /// that value only. A third is not kept.</summary>
    public bool Add(int index, SignedVote vote, ulong power)
    {
        if (_first[index] is null)
        {
            _first[index] = vote;
            Any = checked(Any + power);
        }
        else if (_second[index] is null)
        {
            _second[index] = vote;
        }
        else
        {
            return false;
        }

        if (vote.Vote.ValueId is { } id) _valuePower[id] = checked(For(id) + power);
        else Nil = checked(Nil + power);
        return true;
    }

    /// <summary>The votes for <paramref name="valueId"/>, in validator (address) order.</summary>
    public List<SignedVote> VotesFor(Hash32 valueId)
    {
        var votes = new List<SignedVote>();
        for (var i = 0; i < _first.Length; i++)
        {
            if (_first[i] is { } a && a.Vote.ValueId == valueId) votes.Add(a);
            else if (_second[i] is { } b && b.Vote.ValueId == valueId) votes.Add(b);
        }

        return votes;
    }

    /// <summary>Every vote held, in validator order (first votes, then second ones).</summary>
    public IEnumerable<SignedVote> All() => _first.Concat(_second).Where(v => v is not null).Select(v => v!);
}
