using GridForge.Core.Primitives;

namespace GridForge.Consensus.Signing;

/// <summary>Checks a validator's signature over 32 sign bytes under the consensus rule (the pinned Ed25519). A host may
/// put a cache in front (the simulator checks each distinct signature once for all its nodes).</summary>
public interface ISignatureVerifier
{
    bool Verify(Address signer, in Hash32 signBytes, ReadOnlySpan<byte> signature);
}
