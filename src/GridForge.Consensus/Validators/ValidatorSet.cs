using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Validators;

/// <summary>The validators of a height, ordered by address; its hash goes into every block header. Every member has a
/// positive power and the total is at most <see cref="MaxTotalPower"/>, so vote tallies (× 3) never overflow.</summary>
public sealed class ValidatorSet
{
    /// <summary>2^60: power sums times 3 fit a ulong, and proposer priorities (within a few times the total) fit a long,
    /// as CometBFT's MaxTotalVotingPower (MaxInt64 / 8).</summary>
    public const ulong MaxTotalPower = 1UL << 60;

    /// <summary>The most members a set may have (staking's validator_count is at most 1,000).</summary>
    public const int MaxMembers = 10_000;

    private readonly Validator[] _members;

    public ValidatorSet(IEnumerable<Validator> validators)
    {
        _members = [.. validators];
        Array.Sort(_members, (a, b) => a.Address.CompareTo(b.Address));
        if (_members.Length > MaxMembers) throw new ArgumentException($"a validator set has at most {MaxMembers} members");
        ulong total = 0;
        for (var i = 0; i < _members.Length; i++)
        {
            if (_members[i].Power == 0) throw new ArgumentException($"validator {_members[i].Address} has no voting power");
            if (i > 0 && _members[i].Address == _members[i - 1].Address) throw new ArgumentException($"validator {_members[i].Address} is listed twice");
            total = checked(total + _members[i].Power);
        }

        if (total > MaxTotalPower) throw new ArgumentException($"the total voting power {total} is above the maximum {MaxTotalPower}");
        TotalPower = total;
    }

    public static readonly ValidatorSet Empty = new([]);

    public IReadOnlyList<Validator> Members => _members;

    public int Count => _members.Length;

    public ulong TotalPower { get; }

    public Validator this[int index] => _members[index];

    /// <summary>The member's index in address order, or -1.</summary>
    public int IndexOf(Address address)
    {
        int lo = 0, hi = _members.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = _members[mid].Address.CompareTo(address);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        return -1;
    }

    public ulong PowerOf(Address address) => IndexOf(address) is var i and >= 0 ? _members[i].Power : 0;

    public bool Contains(Address address) => IndexOf(address) >= 0;

    /// <summary>True when <paramref name="power"/> is more than 2/3 of the total (Algorithm 1's "2f + 1").</summary>
    public bool IsQuorum(ulong power) => checked(power * 3) > checked(TotalPower * 2);

    /// <summary>True when <paramref name="power"/> is more than 1/3 of the total (Algorithm 1's "f + 1"): at least one
    /// honest validator is among them.</summary>
    public bool IsOneThird(ulong power) => checked(power * 3) > TotalPower;

    /// <summary>Same members with the same powers.</summary>
    public bool SameAs(ValidatorSet other) => _members.AsSpan().SequenceEqual(other._members);

    /// <summary>Voting powers from stakes (µGRID of elected backing): the stakes themselves when their sum fits
    /// <see cref="MaxTotalPower"/>, otherwise each halved as often as it takes (never below 1), the same shift for all,
    /// so power stays proportional to stake.</summary>
    public static ValidatorSet FromStakes(IEnumerable<(Address Address, ulong Stake)> stakes)
    {
        var list = stakes.Where(s => s.Stake > 0).ToList();
        for (var shift = 0; ; shift++)
        {
            UInt128 total = 0;
            foreach (var (_, stake) in list) total += Math.Max(1UL, stake >> shift);
            if (total <= MaxTotalPower) return new ValidatorSet(list.Select(s => new Validator(s.Address, Math.Max(1UL, s.Stake >> shift))));
        }
    }

    public byte[] Encode()
    {
        var w = new CanonicalWriter(4 + (_members.Length * 40));
        w.U32((uint)_members.Length);
        foreach (var v in _members) w.Address(v.Address).U64(v.Power);
        return w.ToArray();
    }

    public static ValidatorSet Decode(byte[]? raw)
    {
        if (raw is null) return Empty;
        var r = new CanonicalReader(raw);
        var count = r.U32("validator count");
        if (count > MaxMembers) throw new InvalidDataException($"corrupt validator set: {count} members");
        var list = new List<Validator>((int)count);
        for (var i = 0; i < count && r.Ok; i++) list.Add(new Validator(r.Address("validator"), r.U64("power")));
        r.End("validator set");
        return r.Ok ? new ValidatorSet(list) : throw new InvalidDataException($"corrupt validator set: {r.Error}");
    }

    /// <summary>SHA-256("gridforge validators" 0x00 ‖ encoding): addresses and powers, not proposer priorities.</summary>
    public Hash32 Hash() => Hashing.Domain("gridforge validators", Encode());

    public override string ToString() => string.Join(", ", _members.Select(m => $"{m.Address}:{m.Power}"));
}
