using NSec.Cryptography;

namespace GridForge.Core.Crypto;

/// <summary>Ed25519 signature verification: a consensus rule, fixed by the pinned libsodium
/// (strict: S &lt; L, A and R canonical and not of small order) and locked by the
/// ed25519-speccheck vectors in the tests.</summary>
public static class Ed25519
{
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;
    public const int SeedSize = 32;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>True only when <paramref name="signature"/> is a valid signature of
    /// <paramref name="message"/> by <paramref name="publicKey"/>; malformed input is simply invalid.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        if (!PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }

        return Algorithm.Verify(key, message, signature);
    }
}
