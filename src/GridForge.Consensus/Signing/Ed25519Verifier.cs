using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Signing;

/// <summary>The consensus rule itself: <see cref="Ed25519.Verify"/> with the address as the public key.</summary>
public sealed class Ed25519Verifier : ISignatureVerifier
{
    public static readonly Ed25519Verifier Instance = new();

    public bool Verify(Address signer, in Hash32 signBytes, ReadOnlySpan<byte> signature)
    {
        Span<byte> key = stackalloc byte[Address.Size];
        Span<byte> message = stackalloc byte[Hash32.Size];
        signer.CopyTo(key);
        signBytes.CopyTo(message);
        return Ed25519.Verify(key, message, signature);
    }
}
