using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Consensus.Signing;

namespace GridForge.Consensus.Messages;

/// <summary>A vote with its validator's Ed25519 signature over <see cref="Vote.SignBytes"/>.</summary>
public sealed record SignedVote(Vote Vote, Address Validator, byte[] Signature)
{
    public bool Verify(string chainId, ISignatureVerifier? verifier = null) =>
        (verifier ?? Ed25519Verifier.Instance).VerifyVote(this, chainId);

    /// <summary>The same vote, validator and signature bytes.</summary>
    public bool SameAs(SignedVote other) =>
        Vote == other.Vote && Validator == other.Validator && Signature.AsSpan().SequenceEqual(other.Signature);

    public void Encode(CanonicalWriter w)
    {
        Vote.Encode(w);
        w.Address(Validator).Raw(Signature);
    }

    public byte[] Encode()
    {
        var w = new CanonicalWriter(160);
        Encode(w);
        return w.ToArray();
    }

    public static SignedVote Decode(ref CanonicalReader r) =>
        new(Vote.Decode(ref r), r.Address("validator"), r.Raw(Ed25519.SignatureSize, "signature").ToArray());

    public override string ToString() => $"{Vote} by {Validator.ToString()[..12]}";
}
