using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Core.Merkle;

/// <summary>A sparse-Merkle-tree proof: the sibling hashes from the root down, and the leaf found at
/// the end of the key's path (none when the path ends in an empty subtree).</summary>
public sealed record SmtProof(IReadOnlyList<Hash32> Siblings, Hash32? LeafKey, Hash32? LeafValueHash)
{
    /// <summary>True when the proof shows that <paramref name="key"/> maps to <paramref name="valueHash"/>
    /// under <paramref name="root"/>, or, with a null value hash, that the key is absent.</summary>
    public bool Verify(Hash32 root, Hash32 key, Hash32? valueHash)
    {
        if (Siblings.Count > 256) return false;
        Hash32 current;
        if (valueHash is { } v)
        {
            if (LeafKey != key || LeafValueHash != v) return false;
            current = Hashing.Node(SparseMerkleTree.LeafTag, key, v);
        }
        else if (LeafKey is { } other)
        {
            // Exclusion by another leaf: it must sit on the key's path, and not be the key itself.
            if (other == key || LeafValueHash is null) return false;
            for (var i = 0; i < Siblings.Count; i++)
            {
                if (other.Bit(i) != key.Bit(i)) return false;
            }

            current = Hashing.Node(SparseMerkleTree.LeafTag, other, LeafValueHash.Value);
        }
        else
        {
            current = Hash32.Zero;
        }

        for (var depth = Siblings.Count - 1; depth >= 0; depth--)
        {
            current = key.Bit(depth)
                ? Hashing.Node(SparseMerkleTree.InternalTag, Siblings[depth], current)
                : Hashing.Node(SparseMerkleTree.InternalTag, current, Siblings[depth]);
        }

        return current == root;
    }
}
