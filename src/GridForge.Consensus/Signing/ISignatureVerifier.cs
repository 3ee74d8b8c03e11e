using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Signing;

/// <summary>Checks a validator's signature over 32 sign bytes under the consensus rule (the pinned Ed25519). A host may
/// put a cache in front (the simulator checks each distinct signature once for all its nodes).</summary>
public interface ISignatureVerifier
{
    bool Verify(Address signer, in Hash32 signBytes, ReadOnlySpan<byte> signature);

    /// <summary>A vote's signature on <paramref name="chainId"/> (a cache may answer before hashing the sign bytes).</summary>
    bool VerifyVote(SignedVote vote, string chainId) => Verify(vote.Validator, vote.Vote.SignBytes(chainId), vote.Signature);

    /// <summary>A proposal's signature on <paramref name="chainId"/>.</summary>
    bool VerifyProposal(SignedProposal proposal, string chainId) => Verify(proposal.Proposer, proposal.Proposal.SignBytes(chainId), proposal.Signature);
}
