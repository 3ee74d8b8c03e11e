using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Evidence;

/// <summary>Evidence a node has seen and not yet seen committed, one piece per offence (validator, height, round, type),
/// handed to this node's proposals oldest first. Evidence below the oldest height a block may still carry is dropped.</summary>
public sealed class EvidencePool
{
    private readonly SortedDictionary<(ulong Height, Address Validator, int Round, VoteType Type), DuplicateVoteEvidence> _pending = [];
    private readonly SortedSet<(ulong Height, Address Validator, int Round, VoteType Type)> _committed = [];

    public int Count => _pending.Count;

    /// <summary>Keeps <paramref name="evidence"/> unless its offence is already pending or committed. The caller has
    /// verified it.</summary>
    public bool Add(DuplicateVoteEvidence evidence)
    {
        var key = Key(evidence);
        return !_committed.Contains(key) && _pending.TryAdd(key, evidence);
    }

    /// <summary>Up to <paramref name="max"/> pending pieces, oldest offence first.</summary>
    public IReadOnlyList<DuplicateVoteEvidence> Pending(int max) => [.. _pending.Values.Take(max)];

    /// <summary>The offences of a committed block: never proposed again.</summary>
    public void MarkCommitted(IEnumerable<DuplicateVoteEvidence> committed)
    {
        foreach (var e in committed)
        {
            var key = Key(e);
            _pending.Remove(key);
            _committed.Add(key);
        }
    }

    /// <summary>Drops a pending piece that can never be included (the chain would refuse it).</summary>
    public void Discard(DuplicateVoteEvidence evidence) => _pending.Remove(Key(evidence));

    /// <summary>Forgets everything about offences below <paramref name="oldestHeight"/>: a block may no longer carry them.</summary>
    public void PruneBelow(ulong oldestHeight)
    {
        while (_pending.Count > 0 && _pending.Keys.First().Height < oldestHeight) _pending.Remove(_pending.Keys.First());
        _committed.RemoveWhere(k => k.Height < oldestHeight);
    }

    private static (ulong, Address, int, VoteType) Key(DuplicateVoteEvidence e) => (e.Height, e.Validator, e.Round, e.Type);
}
