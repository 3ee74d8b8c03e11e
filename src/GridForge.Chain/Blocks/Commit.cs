using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;

namespace GridForge.Chain.Blocks;

/// <summary>One validator's precommit signature for a block.</summary>
public sealed record CommitSignature(Address Validator, byte[] Signature);

/// <summary>The precommit signatures that finalised a block: more than 2/3 of the voting power.</summary>
public sealed record Commit(ulong Height, Hash32 BlockHash, IReadOnlyList<CommitSignature> Signatures)
{
    public const string VoteDomain = "gridforge precommit";

    /// <summary>The bytes a validator signs to precommit <paramref name="blockHash"/> at a height.</summary>
    public static byte[] VoteBytes(string chainId, ulong height, Hash32 blockHash)
    {
        var w = new CanonicalWriter(96);
        w.String(chainId).U64(height).Hash(blockHash);
        return Hashing.Domain(VoteDomain, w.WrittenSpan).ToArray();
    }

    public static Commit Sign(string chainId, ulong height, Hash32 blockHash, SigningKey validator) =>
        new(height, blockHash, [new CommitSignature(validator.Address, validator.Sign(VoteBytes(chainId, height, blockHash)))]);

    public void Encode(CanonicalWriter w)
    {
        w.U64(Height).Hash(BlockHash).U32((uint)Signatures.Count);
        foreach (var s in Signatures) w.Address(s.Validator).Raw(s.Signature);
    }

    public byte[] Encode()
    {
        var w = new CanonicalWriter();
        Encode(w);
        return w.ToArray();
    }

    public static Commit Decode(ref CanonicalReader r)
    {
        var height = r.U64("commit height");
        var hash = r.Hash("commit block hash");
        var count = r.U32("signature count");
        var list = new List<CommitSignature>();
        for (var i = 0; i < count && r.Ok && count <= 10_000; i++)
        {
            list.Add(new CommitSignature(r.Address("validator"), r.Raw(Ed25519.SignatureSize, "signature").ToArray()));
        }

        if (count > 10_000) r.Fail("too many commit signatures");
        return new Commit(height, hash, list);
    }

    public Hash32 Hash() => Hashing.Domain("gridforge commit", Encode());

    /// <summary>Null when distinct validators of the set holding more than 2/3 of the power signed this block.</summary>
    public string? Verify(string chainId, ValidatorSet validators)
    {
        var vote = VoteBytes(chainId, Height, BlockHash);
        ulong power = 0;
        var seen = new HashSet<Address>();
        foreach (var s in Signatures)
        {
            var p = validators.PowerOf(s.Validator);
            if (p == 0) return $"{s.Validator} is not a validator";
            if (!seen.Add(s.Validator)) return $"{s.Validator} signed twice";
            if (!Ed25519.Verify(s.Validator.ToBytes(), vote, s.Signature)) return $"the signature of {s.Validator} does not verify";
            power = checked(power + p);
        }

        return power * 3 > validators.TotalPower * 2 ? null : $"only {power} of {validators.TotalPower} voting power signed";
    }
}
