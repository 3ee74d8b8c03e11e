using GridForge.Core.Crypto;

namespace GridForge.Network.Identity;

/// <summary>The node's own Ed25519 key: it authenticates the node's peer links (never a validator or account key).</summary>
public sealed class NodeKey : IDisposable
{
    private NodeKey(SigningKey key)
    {
        Key = key;
        Id = NodeId.Of(key.PublicKey);
    }

    public SigningKey Key { get; }

    public NodeId Id { get; }

    public byte[] PublicKey => Key.PublicKey;

    public static NodeKey From(SigningKey key) => new(key);

    public static NodeKey Generate() => new(SigningKey.Generate());

    /// <summary>Loads the node key file (owner-only, see <see cref="KeyFile"/>).</summary>
    public static NodeKey Load(string path) => new(KeyFile.Load(path, ownerOnly: true));

    public void Dispose() => Key.Dispose();
}
