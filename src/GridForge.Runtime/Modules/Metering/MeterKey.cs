using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>A meter's own Ed25519 key, held by the device (or the simulator): it signs readings without the node.</summary>
public sealed class MeterKey : IDisposable
{
    private readonly SigningKey _key;

    private MeterKey(SigningKey key)
    {
        _key = key;
        Id = new MeterId(key.PublicKey);
    }

    public MeterId Id { get; }

    /// <summary>The 32-byte seed (RFC 8032 private key).</summary>
    public byte[] Seed => _key.Seed;

    public static MeterKey FromSeed(ReadOnlySpan<byte> seed) => new(SigningKey.FromSeed(seed));

    public static MeterKey Generate() => new(SigningKey.Generate());

    /// <summary>Signs this meter's reading of <paramref name="slot"/> for chain <paramref name="chainId"/>.</summary>
    public MeterReading Sign(string chainId, SlotId slot, Wh imported, Wh exported, Wh importRegister, Wh exportRegister)
    {
        var unsigned = new MeterReading(Id, slot, imported, exported, importRegister, exportRegister, ReadOnlyMemory<byte>.Empty);
        Span<byte> hash = stackalloc byte[Hash32.Size];
        unsigned.SigningHash(chainId).CopyTo(hash);
        return unsigned with { Signature = _key.Sign(hash) };
    }

    public void Dispose() => _key.Dispose();
}
