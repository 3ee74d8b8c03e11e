using GridForge.Consensus.Engine;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Validators;
using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Chain.Blocks;

/// <summary>One validator's precommit signature for a block.</summary>
public sealed record CommitSignature(Address Validator, byte[] Signature);

/// <summary>The precommit signatures that finalised a block at a round: more than 2/3 of the voting power. Each is a
/// consensus precommit (<see cref="Vote.SignBytes"/> of chain id, precommit, height, round and block hash).</summary>
public sealed record Commit(ulong Height, int Round, Hash32 BlockHash, IReadOnlyList<CommitSignature> Signatures)
{
    /// <summary>Most signatures a commit may carry (a validator set has at most <see cref="ValidatorSet.MaxMembers"/>).</summary>
    public const int MaxSignatures = ValidatorSet.MaxMembers;

    /// <summary>The commit of a consensus decision: its precommits, in validator order.</summary>
    public static Commit From(CommitCertificate certificate) =>
        new(certificate.Height, certificate.Round, certificate.ValueId, [.. certificate.Precommits.Select(p => new CommitSignature(p.Validator, p.Signature))]);

    /// <summary>The signatures as the consensus precommits they are.</summary>
    public CommitCertificate ToCertificate()
    {
        var vote = new Vote(VoteType.Precommit, Height, Round, BlockHash);
        return new CommitCertificate(Height, Round, BlockHash, [.. Signatures.Select(s => new SignedVote(vote, s.Validator, s.Signature))]);
    }

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
        if (round > int.MaxValue) r.Fail("commit round out of range");
        if (count > MaxSignatures) r.Fail("too many commit signatures");
        var list = new List<CommitSignature>();
        for (var i = 0; i < count && r.Ok; i++)
        {
            list.Add(new CommitSignature(r.Address("validator"), r.Raw(Ed25519.SignatureSize, "signature").ToArray()));
        }

        return new Commit(height, (int)Math.Min(round, int.MaxValue), hash, list);
    }

    public Hash32 Hash() => Hashing.Domain("gridforge commit", Encode());

    /// <summary>Null when distinct validators of the set holding more than 2/3 of the power precommitted this block at
    /// this round (the consensus rule, <see cref="CommitCertificate.Verify"/>).</summary>
    public string? Verify(string chainId, ValidatorSet validators) => ToCertificate().Verify(chainId, validators);
}
