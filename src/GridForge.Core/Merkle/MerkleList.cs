using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Core.Merkle;

/// <summary>The Merkle root of an ordered list (leaf and node tags as in RFC 6962, pairs hashed level by
/// level): the transactions root of a block.</summary>
public static class MerkleList
{
    private const byte LeafTag = 0x00;
    private const byte NodeTag = 0x01;

    public static Hash32 Root(IReadOnlyList<Hash32> items)
    {
        if (items.Count == 0) return Hashing.Sha256([]);
        var level = new Hash32[items.Count];
        Span<byte> buf = stackalloc byte[1 + Hash32.Size];
        for (var i = 0; i < items.Count; i++)
        {
            buf[0] = LeafTag;
            items[i].CopyTo(buf[1..]);
            level[i] = Hashing.Sha256(buf);
        }

        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i < count; i += 2)
            {
                // An odd last node is promoted unchanged (never duplicated, so no two lists share a root).
                level[next++] = i + 1 < count ? Hashing.Node(NodeTag, level[i], level[i + 1]) : level[i];
            }

            count = next;
        }

        return level[0];
    }
}
