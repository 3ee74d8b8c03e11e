using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Auth;

/// <summary>A validator and its voting power.</summary>
public readonly record struct Validator(Address Address, ulong Power);

/// <summary>The validators of a height, ordered by address; its hash goes into every block header.</summary>
public sealed class ValidatorSet
{
    public ValidatorSet(IEnumerable<Validator> validators)
    {
        Members = [.. validators.OrderBy(v => v.Address)];
        for (var i = 1; i < Members.Count; i++)
        {
            if (Members[i].Address == Members[i - 1].Address)
            {
                throw new InvalidOperationException($"validator {Members[i].Address} is listed twice");
            }
        }

        TotalPower = Members.Aggregate(0UL, (sum, v) => checked(sum + v.Power));
    }

    public IReadOnlyList<Validator> Members { get; }

    public ulong TotalPower { get; }

    public ulong PowerOf(Address address) => Members.FirstOrDefault(v => v.Address == address).Power;

    public byte[] Encode()
    {
        var w = new CanonicalWriter();
        w.U32((uint)Members.Count);
        foreach (var v in Members) w.Address(v.Address).U64(v.Power);
        return w.ToArray();
    }

    public static ValidatorSet Decode(byte[]? raw)
    {
        if (raw is null) return new ValidatorSet([]);
        var r = new CanonicalReader(raw);
        var count = r.U32();
        var list = new List<Validator>();
        for (var i = 0; i < count && r.Ok; i++) list.Add(new Validator(r.Address(), r.U64()));
        r.End("validator set");
        return r.Ok ? new ValidatorSet(list) : throw new InvalidOperationException($"corrupt validator set: {r.Error}");
    }

    public Hash32 Hash() => Hashing.Domain("gridforge validators", Encode());

    /// <summary>The proposer for a height: round-robin over members in address order (weighted
    /// rotation arrives with multi-validator consensus).</summary>
    public Address ProposerFor(ulong height) => Members[(int)(height % (ulong)Members.Count)].Address;
}
