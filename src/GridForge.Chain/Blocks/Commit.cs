using GridForge.Consensus.Engine;
using GridForge.Consensus.Messages;
using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;

namespace GridForge.Chain.Blocks;

/// <summary>One validator's precommit signature for a block.</summary>
public sealed record CommitSignature(Address Validator, byte[] Signature);

/// <summary>The precommits that finalised a block: signatures of more than 2/3 of the voting power over the consensus
/// core's precommit for (height, round, block hash) — exactly the votes the core counted (its commit certificate).</summary>
public sealed record Commit(ulong Height, int Round, Hash32 BlockHash, IReadOnlyList<CommitSignature> Signatures)
{
    /// <summary>The 32 bytes a validator signs to precommit <paramref name="blockHash"/> in a round: the core's
    /// <see cref="Vote.SignBytes"/> of ⟨PRECOMMIT, height, round, block hash⟩.</summary>
    public static byte[] VoteBytes(string chainId, ulong height, int round, Hash32 blockHash) =>
        new Vote(VoteType.Precommit, height, round, blockHash).SignBytes(chainId).ToArray();

    /// <summary>A commit of one validator's own precommit (the dev chain's single validator).</summary>
    public static Commit Sign(string chainId, ulong height, int round, Hash32 blockHash, SigningKey validator) =>
        new(height, round, blockHash, [new CommitSignature(validator.Address, validator.Sign(VoteBytes(chainId, height, round, blockHash)))]);

    /// <summary>The commit a decision's certificate carries (its precommits, in the order the core holds them).</summary>
    public static Commit Of(CommitCertificate certificate) =>
        new(certificate.Height, certificate.Round, certificate.ValueId, [.. certificate.Precommits.Select(p => new CommitSignature(p.Validator, p.Signature))]);

    public void Encode(CanonicalWriter w)
    {
        w.U64(Height).U32((uint)Round).Hash(BlockHash).U32((uint)Signatures.Count);
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
        var round = r.U32("commit round");
        var hash = r.Hash("commit block hash");
        var count = r.U32("signature count");
        var list = new List<CommitSignature>();
        for (var i = 0; i < count && r.Ok && count <= 10_000; i++)
        {
            list.Add(new CommitSignature(r.Address("validator"), r.Raw(Ed25519.SignatureSize, "signature").ToArray()));
        }

        if (count > 10_000) r.Fail("too many commit signatures");
        if (round > int.MaxValue) r.Fail($"commit round {round} is out of range");
        return new Commit(height, (int)Math.Min(round, int.MaxValue), hash, list);
    }

    public Hash32 Hash() => Hashing.Domain("gridforge commit", Encode());

    /// <summary>Null when distinct validators of the set holding more than 2/3 of the power signed this block.</summary>
    public string? Verify(string chainId, ValidatorSet validators)
    {
        var vote = VoteBytes(chainId, Height, Round, BlockHash);
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
