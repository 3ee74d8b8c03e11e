using BenchmarkDotNet.Attributes;
using GridForge.Core.Crypto;
using NSec.Cryptography;

namespace GridForge.Benchmarks;

/// <summary>Ed25519 verification as GridForge calls it, split into key import and verification.</summary>
public class SignatureBenchmarks
{
    private byte[] _publicKey = null!;
    private byte[] _message = null!;
    private byte[] _signature = null!;
    private NSec.Cryptography.PublicKey _imported = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = SigningKey.FromSeed(new byte[32]);
        _publicKey = key.PublicKey;
        _message = new byte[32];
        _signature = key.Sign(_message);
        _imported = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, _publicKey, KeyBlobFormat.RawPublicKey);
    }

    [Benchmark(Baseline = true, Description = "Ed25519.Verify (import + verify)")]
    public bool Verify() => GridForge.Core.Crypto.Ed25519.Verify(_publicKey, _message, _signature);

    [Benchmark(Description = "public key import alone")]
    public bool Import() => NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, _publicKey, KeyBlobFormat.RawPublicKey, out _);

    [Benchmark(Description = "verify with an imported key")]
    public bool VerifyImported() => SignatureAlgorithm.Ed25519.Verify(_imported, _message, _signature);
}
