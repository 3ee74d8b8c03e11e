using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Consensus.Signing;

namespace GridForge.Consensus.Messages;

/// <summary>A proposal with its proposer's signature over <see cref="Proposal.SignBytes"/>.</summary>
public sealed record SignedProposal(Proposal Proposal, Address Proposer, byte[] Signature)
{
    public bool Verify(string chainId, ISignatureVerifier? verifier = null) =>
        (verifier ?? Ed25519Verifier.Instance).VerifyProposal(this, chainId);

    public bool SameAs(SignedProposal other) =>
        Proposal == other.Proposal && Proposer == other.Proposer && Signature.AsSpan().SequenceEqual(other.Signature);

    public void Encode(CanonicalWriter w)
    {
        Proposal.Encode(w);
        w.Address(Proposer).Raw(Signature);
    }

    public static SignedProposal Decode(ref CanonicalReader r) =>
        new(Proposal.Decode(ref r), r.Address("proposer"), r.Raw(Ed25519.SignatureSize, "signature").ToArray());

    public override string ToString() => $"{Proposal} by {Proposer.ToString()[..12]}";
}
