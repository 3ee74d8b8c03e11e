using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Validators;

/// <summary>Weighted round-robin proposer selection, CometBFT's proposer priority (types/validator_set.go) in integers:
/// each step adds every validator's power to its priority, the highest priority proposes (ties: the lower address) and
/// loses the total power. Before the steps of a round the priorities are rescaled into a window of 2 × total power and
/// centred on their average; a validator joining the set starts at −1.125 × total power. Over a long run each validator
/// proposes in proportion to its power. Immutable: a rotation is the state of one height (docs/consensus.md).</summary>
public sealed class ProposerRotation
{
    /// <summary>CometBFT's PriorityWindowSizeFactor.</summary>
    public const long WindowFactor = 2;

    private readonly long[] _priorities;

    private ProposerRotation(ValidatorSet set, long[] priorities)
    {
        Set = set;
        _priorities = priorities;
    }

    public ValidatorSet Set { get; }

    /// <summary>Priorities aligned with <see cref="ValidatorSet.Members"/> (address order).</summary>
    public IReadOnlyList<long> Priorities => _priorities;

    /// <summary>The rotation of a chain's first height: every priority zero.</summary>
    public static ProposerRotation Start(ValidatorSet set) => new(set, new long[set.Count]);

    /// <summary>The rotation with the given priorities (as stored), checked against the set.</summary>
    public static ProposerRotation Of(ValidatorSet set, IReadOnlyList<long> priorities)
    {
        if (priorities.Count != set.Count) throw new InvalidDataException($"{priorities.Count} proposer priorities for {set.Count} validators");
        return new ProposerRotation(set, [.. priorities]);
    }

    /// <summary>The proposer of round <paramref name="round"/>: round + 1 steps from this height's priorities (rescaled and
    /// centred first), as CometBFT's CopyIncrementProposerPriority.</summary>
    public Address ProposerOf(int round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        var p = Normalized();
        var chosen = 0;
        for (var i = 0; i <= round; i++) chosen = Step(p);
        return Set[chosen].Address;
    }

    /// <summary>The proposers of rounds 0 … <paramref name="rounds"/> − 1 in one pass.</summary>
    public Address[] ProposersOf(int rounds)
    {
        var p = Normalized();
        var result = new Address[rounds];
        for (var i = 0; i < rounds; i++) result[i] = Set[Step(p)].Address;
        return result;
    }

    /// <summary>The next height's rotation: this height's round-0 step taken (whatever round the height was decided in),
    /// then, when the set changes, CometBFT's update rule: members that stay keep their priority, new members start at
    /// −1.125 × the total power counted before removals, and all are rescaled and centred.</summary>
    public ProposerRotation Next(ValidatorSet nextSet)
    {
        var p = Normalized();
        Step(p);
        if (nextSet.SameAs(Set)) return new ProposerRotation(Set, p);
        if (nextSet.Count == 0) throw new ArgumentException("the next validator set is empty");

        // Total after updates, before removals: the new set's power plus what the leaving members held.
        UInt128 beforeRemovals = nextSet.TotalPower;
        foreach (var v in Set.Members)
        {
            if (!nextSet.Contains(v.Address)) beforeRemovals += v.Power;
        }

        var joining = checked(-(long)(beforeRemovals + (beforeRemovals >> 3)));
        var updated = new long[nextSet.Count];
        for (var i = 0; i < nextSet.Count; i++)
        {
            var old = Set.IndexOf(nextSet[i].Address);
            updated[i] = old >= 0 ? p[old] : joining;
        }

        var rotation = new ProposerRotation(nextSet, updated);
        rotation.RescaleAndCenter(updated);
        return rotation;
    }

    private long[] Normalized()
    {
        if (Set.Count == 0) throw new InvalidOperationException("an empty validator set has no proposer");
        var p = (long[])_priorities.Clone();
        RescaleAndCenter(p);
        return p;
    }

    /// <summary>CometBFT's RescalePriorities(2 × total) then shiftByAvgProposerPriority: divide (truncating, as Go) by
    /// ceil(diff / window) when the spread exceeds the window, then subtract the floored average.</summary>
    private void RescaleAndCenter(long[] p)
    {
        var window = checked(WindowFactor * (long)Set.TotalPower);
        long max = long.MinValue, min = long.MaxValue;
        foreach (var x in p)
        {
            max = Math.Max(max, x);
            min = Math.Min(min, x);
        }

        var diff = checked(max - min);
        if (window > 0 && diff > window)
        {
            var ratio = checked(diff + window - 1) / window;
            for (var i = 0; i < p.Length; i++) p[i] /= ratio;
        }

        Int128 sum = 0;
        foreach (var x in p) sum += x;
        // Euclidean division, as Go's big.Int Div: the floor for a positive divisor.
        var average = Int128.DivRem(sum, p.Length) is var (q, r) && r < 0 ? q - 1 : q;
        for (var i = 0; i < p.Length; i++) p[i] = checked(p[i] - (long)average);
    }

    /// <summary>One step: every priority grows by its power; the highest (lowest address on a tie) proposes and pays the total.</summary>
    private int Step(long[] p)
    {
        var chosen = 0;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = checked(p[i] + (long)Set[i].Power);
            // Members are in address order, so the first of equal priorities has the lower address.
            if (p[i] > p[chosen]) chosen = i;
        }

        p[chosen] = checked(p[chosen] - (long)Set.TotalPower);
        return chosen;
    }

    public byte[] EncodePriorities()
    {
        var w = new CanonicalWriter(4 + (_priorities.Length * 8));
        w.U32((uint)_priorities.Length);
        foreach (var x in _priorities) w.I64(x);
        return w.ToArray();
    }

    public static ProposerRotation Decode(ValidatorSet set, byte[]? priorities)
    {
        if (priorities is null) return Start(set);
        var r = new CanonicalReader(priorities);
        var count = r.U32("priority count");
        if (count != set.Count) throw new InvalidDataException($"{count} proposer priorities stored for {set.Count} validators");
        var list = new long[count];
        for (var i = 0; i < count && r.Ok; i++) list[i] = r.I64("priority");
        r.End("proposer priorities");
        return r.Ok ? new ProposerRotation(set, list) : throw new InvalidDataException($"corrupt proposer priorities: {r.Error}");
    }
}
