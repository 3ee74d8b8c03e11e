using GridForge.Core.Primitives;
using NSec.Cryptography;

namespace GridForge.Core.Crypto;

/// <summary>An Ed25519 private key held by a client (the node never holds users' keys).</summary>
public sealed class SigningKey : IDisposable
{
    private readonly Key _key;

    private SigningKey(Key key, byte[] seed)
    {
        _key = key;
        Seed = seed;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Address = new Address(PublicKey);
    }

    /// <summary>The 32-byte seed (RFC 8032 private key).</summary>
    public byte[] Seed { get; }

    public byte[] PublicKey { get; }

    public Address Address { get; }

    public static SigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SeedSize)
        {
            throw new ArgumentException($"an Ed25519 seed is {Ed25519.SeedSize} bytes", nameof(seed));
        }

        var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
        return new SigningKey(key, seed.ToArray());
    }

    public static SigningKey Generate()
    {
        Span<byte> seed = stackalloc byte[Ed25519.SeedSize];
        System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
        return FromSeed(seed);
    }

    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature) =>
        SignatureAlgorithm.Ed25519.Sign(_key, message, signature);

    public void Dispose() => _key.Dispose();
}
