using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>A meter, identified by its own Ed25519 public key and shown as Bech32m with the <c>meter</c> prefix.</summary>
/// <remarks>The id is the key (as an address is an account's key), so a reading names the key that must have signed
/// it: whether its signature verifies depends on the reading's bytes and the chain id alone, never on state.</remarks>
public readonly record struct MeterId(Hash32 Key) : IComparable<MeterId>
{
    public const string Prefix = "meter";
    public const int Size = 32;

    public MeterId(ReadOnlySpan<byte> publicKey)
        : this(new Hash32(publicKey))
    {
    }

    public void CopyTo(Span<byte> destination) => Key.CopyTo(destination);

    public byte[] ToBytes() => Key.ToArray();

    public int CompareTo(MeterId other) => Key.CompareTo(other.Key);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        Key.CopyTo(bytes);
        return Bech32m.Encode(Prefix, bytes);
    }

    public static bool TryParse(string? text, out MeterId meter, out string? error)
    {
        meter = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a meter id is required";
            return false;
        }

        var bytes = Bech32m.Decode(text.Trim(), Prefix, out error);
        if (bytes is null)
        {
            error = $"not a meter id (meter1…): {error}";
            return false;
        }

        if (bytes.Length != Size)
        {
            error = $"a meter id holds {Size} bytes, this one {bytes.Length}";
            return false;
        }

        meter = new MeterId(bytes);
        return true;
    }

    public static MeterId Parse(string text) => TryParse(text, out var m, out var error) ? m : throw new FormatException(error);
}
