using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>What an attestor signs: SHA-256("gridforge watt attestation v1" 0x00 body) with body = chain id
/// (length-prefixed UTF-8), issuer (32 bytes), reserves (u64 LE, µ-units), as-of (i64 LE, Unix seconds).
/// The domain keeps it from ever being a transaction; the chain id keeps it from being replayed on another chain.</summary>
public static class ReserveAttestation
{
    public const string Domain = "gridforge watt attestation v1";

    public static byte[] Body(string chainId, Address issuer, ulong reserves, long asOf) =>
        new CanonicalWriter(96).String(chainId).Address(issuer).U64(reserves).I64(asOf).ToArray();

    public static Hash32 SigningHash(string chainId, Address issuer, ulong reserves, long asOf) =>
        Hashing.Domain(Domain, Body(chainId, issuer, reserves, asOf));

    /// <summary>The attestor's signature (what an auditor's tool produces).</summary>
    public static byte[] Sign(SigningKey attestor, string chainId, Address issuer, ulong reserves, long asOf) =>
        attestor.Sign(SigningHash(chainId, issuer, reserves, asOf).ToArray());

    /// <summary>True when <paramref name="signature"/> is <paramref name="attestor"/>'s, under the consensus Ed25519 rule.</summary>
    public static bool Verify(Address attestor, string chainId, Address issuer, ulong reserves, long asOf, ReadOnlySpan<byte> signature)
    {
        Span<byte> pk = stackalloc byte[Address.Size];
        attestor.CopyTo(pk);
        return Ed25519.Verify(pk, SigningHash(chainId, issuer, reserves, asOf).ToArray(), signature);
    }
}
