using GridForge.Core.Encoding;

namespace GridForge.Core.Primitives;

/// <summary>An account: its Ed25519 public key, shown as Bech32m with the <c>grid</c> prefix.</summary>
/// <remarks>The address is the key itself (as Substrate's AccountId32), so a transaction's sender
/// field is all a verifier needs.</remarks>
public readonly record struct Address : IComparable<Address>
{
    public const string Prefix = "grid";
    public const int Size = 32;

    public Hash32 Key { get; }

    public Address(Hash32 key) => Key = key;

    public Address(ReadOnlySpan<byte> publicKey) => Key = new Hash32(publicKey);

    public static readonly Address None;

    public byte[] ToBytes() => Key.ToArray();

    public void CopyTo(Span<byte> destination) => Key.CopyTo(destination);

    // Events and API answers print the same few thousand addresses again and again, and Bech32m costs about a microsecond each
    // time: the last text made in each of 4,096 slots is kept (an entry is replaced whole, so a reader never sees a torn one).
    private static readonly PrintedAddress?[] Printed = new PrintedAddress?[4096];

    private sealed record PrintedAddress(Hash32 Key, string Text);

    public override string ToString()
    {
        var slot = Key.GetHashCode() & (Printed.Length - 1);
        if (Volatile.Read(ref Printed[slot]) is { } printed && printed.Key == Key) return printed.Text;
        var text = Bech32m.Encode(Prefix, Key.ToArray());
        Volatile.Write(ref Printed[slot], new PrintedAddress(Key, text));
        return text;
    }

    public int CompareTo(Address other) => Key.CompareTo(other.Key);

    public static bool TryParse(string? text, out Address address, out string? error)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an address is required";
            return false;
        }

        var bytes = Bech32m.Decode(text.Trim(), Prefix, out error);
        if (bytes is null)
        {
            error = $"not a GridForge address: {error}";
            return false;
        }

        if (bytes.Length != Size)
        {
            error = $"an address holds {Size} bytes, this one {bytes.Length}";
            return false;
        }

        address = new Address(bytes);
        return true;
    }

    public static Address Parse(string text) =>
        TryParse(text, out var a, out var error) ? a : throw new FormatException(error);
}
