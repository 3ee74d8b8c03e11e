using GridForge.Core.Crypto;

namespace GridForge.Network.Identity;

/// <summary>A node's identity on the network: the lowercase hex of the first 20 bytes of SHA-256 of its Ed25519 node key
/// (as CometBFT's node id), written in peer addresses as <c>id@host:port</c>.</summary>
public readonly record struct NodeId
{
    public const int Bytes = 20;

    private NodeId(string hex) => Hex = hex;

    public string Hex { get; }

    public static NodeId Of(ReadOnlySpan<byte> publicKey) =>
        new(Convert.ToHexStringLower(Hashing.Sha256(publicKey).ToArray().AsSpan(0, Bytes)));

    public static bool TryParse(string? text, out NodeId id)
    {
        id = default;
        if (text is null || text.Length != Bytes * 2) return false;
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        }

        id = new NodeId(text);
        return true;
    }

    public override string ToString() => Hex ?? "";

    /// <summary>The first 8 characters, for logs.</summary>
    public string Short => (Hex ?? "")[..Math.Min(8, (Hex ?? "").Length)];
}
