using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Core.Merkle;

/// <summary>A sparse Merkle tree over 256-bit hashed keys, in Diem's form: an empty subtree hashes to
/// zero, a subtree holding a single leaf is that leaf, internal nodes hash their two children.
/// Updates re-hash only the changed paths, lazily when the root is read: O(changed keys × log n).</summary>
/// <remarks>Not thread-safe; the owner serialises access.</remarks>
public sealed class SparseMerkleTree
{
    internal const byte LeafTag = 0x00;
    internal const byte InternalTag = 0x01;

    private abstract class Node;

    private sealed class Leaf(Hash32 key, Hash32 valueHash) : Node
    {
        public readonly Hash32 Key = key;
        public Hash32 ValueHash = valueHash;
        public Hash32 Hash = Hashing.Node(LeafTag, key, valueHash);

        public void Set(Hash32 valueHash)
        {
            ValueHash = valueHash;
            Hash = Hashing.Node(LeafTag, Key, valueHash);
        }
    }

    private sealed class Internal(Node? left, Node? right) : Node
    {
        public Node? Left = left;
        public Node? Right = right;
        public Hash32 Hash;
        public bool Dirty = true;
    }

    private Node? _root;

    public int Count { get; private set; }

    /// <summary>Builds a tree from leaves in one pass (each node hashed once), as on restart.</summary>
    public static SparseMerkleTree Build(IEnumerable<(Hash32 Key, Hash32 ValueHash)> leaves)
    {
        var sorted = leaves.ToArray();
        Array.Sort(sorted, (a, b) => a.Key.CompareTo(b.Key));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Key == sorted[i - 1].Key)
            {
                throw new ArgumentException($"duplicate key {sorted[i].Key}", nameof(leaves));
            }
        }

        var tree = new SparseMerkleTree { _root = BuildRange(sorted, 0, sorted.Length, 0), Count = sorted.Length };
        return tree;
    }

    private static Node? BuildRange((Hash32 Key, Hash32 ValueHash)[] sorted, int lo, int hi, int depth)
    {
        var count = hi - lo;
        if (count == 0) return null;
        if (count == 1) return new Leaf(sorted[lo].Key, sorted[lo].ValueHash);
        var split = lo;
        while (split < hi && !sorted[split].Key.Bit(depth)) split++;
        return new Internal(BuildRange(sorted, lo, split, depth + 1), BuildRange(sorted, split, hi, depth + 1));
    }

    public Hash32 Root => HashOf(_root);

    public void Set(Hash32 key, Hash32 valueHash) => _root = Insert(_root, key, valueHash, 0);

    public void Remove(Hash32 key) => _root = Delete(_root, key, 0);

    private Node Insert(Node? node, Hash32 key, Hash32 valueHash, int depth)
    {
        switch (node)
        {
            case null:
                Count++;
                return new Leaf(key, valueHash);
            case Leaf leaf when leaf.Key == key:
                leaf.Set(valueHash);
                return leaf;
            case Leaf leaf:
                Count++;
                return Split(leaf, new Leaf(key, valueHash), depth);
            case Internal inner:
                if (key.Bit(depth)) inner.Right = Insert(inner.Right, key, valueHash, depth + 1);
                else inner.Left = Insert(inner.Left, key, valueHash, depth + 1);
                inner.Dirty = true;
                return inner;
            default:
                throw new InvalidOperationException("unknown node");
        }
    }

    private static Internal Split(Leaf a, Leaf b, int depth)
    {
        var bitA = a.Key.Bit(depth);
        var bitB = b.Key.Bit(depth);
        if (bitA == bitB)
        {
            var child = Split(a, b, depth + 1);
            return bitA ? new Internal(null, child) : new Internal(child, null);
        }

        return bitA ? new Internal(b, a) : new Internal(a, b);
    }

    private Node? Delete(Node? node, Hash32 key, int depth)
    {
        switch (node)
        {
            case null:
                return null;
            case Leaf leaf:
                if (leaf.Key != key) return leaf;
                Count--;
                return null;
            case Internal inner:
                if (key.Bit(depth)) inner.Right = Delete(inner.Right, key, depth + 1);
                else inner.Left = Delete(inner.Left, key, depth + 1);
                inner.Dirty = true;
                // A subtree left with a single leaf collapses into that leaf (the leaf shortcut).
                if (inner.Left is null && inner.Right is null) return null;
                if (inner.Left is null && inner.Right is Leaf r) return r;
                if (inner.Right is null && inner.Left is Leaf l) return l;
                return inner;
            default:
                throw new InvalidOperationException("unknown node");
        }
    }

    private static Hash32 HashOf(Node? node)
    {
        switch (node)
        {
            case null:
                return Hash32.Zero;
            case Leaf leaf:
                return leaf.Hash;
            case Internal inner:
                if (inner.Dirty)
                {
                    inner.Hash = Hashing.Node(InternalTag, HashOf(inner.Left), HashOf(inner.Right));
                    inner.Dirty = false;
                }

                return inner.Hash;
            default:
                throw new InvalidOperationException("unknown node");
        }
    }

    /// <summary>A proof that <paramref name="key"/> holds a value (inclusion) or holds none (exclusion).</summary>
    public SmtProof Prove(Hash32 key)
    {
        var siblings = new List<Hash32>();
        var node = _root;
        var depth = 0;
        while (node is Internal inner)
        {
            var right = key.Bit(depth);
            siblings.Add(HashOf(right ? inner.Left : inner.Right));
            node = right ? inner.Right : inner.Left;
            depth++;
        }

        return node is Leaf leaf
            ? new SmtProof(siblings, leaf.Key, leaf.ValueHash)
            : new SmtProof(siblings, null, null);
    }
}
