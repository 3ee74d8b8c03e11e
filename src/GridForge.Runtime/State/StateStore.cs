using GridForge.Core.Crypto;
using GridForge.Core.Merkle;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.State;

/// <summary>The committed state: every key and value in memory, authenticated by a sparse Merkle tree
/// whose root goes into each block header. Writes reach it only as a whole block's sorted change set.</summary>
public sealed class StateStore : IState
{
    private readonly Dictionary<StateKey, byte[]> _values;
    // The keys in order, so that a prefix scan (an account's orders, meters, …) reads only its range
    // instead of every key in the state while holding the lock.
    private readonly SortedSet<StateKey> _ordered;
    private readonly SparseMerkleTree _tree;
    private readonly Lock _lock = new();

    public StateStore()
    {
        _values = [];
        _ordered = [];
        _tree = new SparseMerkleTree();
    }

    private StateStore(Dictionary<StateKey, byte[]> values, SparseMerkleTree tree)
    {
        _values = values;
        _ordered = new SortedSet<StateKey>(values.Keys);
        _tree = tree;
    }

    /// <summary>Loads a state (for example from disk on restart), building the tree in one pass.</summary>
    public static StateStore Load(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        var values = new Dictionary<StateKey, byte[]>();
        var leaves = new List<(Hash32, Hash32)>();
        foreach (var (k, v) in entries)
        {
            values[new StateKey(k)] = v;
            leaves.Add((Hashing.Sha256(k), Hashing.Sha256(v)));
        }

        return new StateStore(values, SparseMerkleTree.Build(leaves));
    }

    public int Count
    {
        get { lock (_lock) return _values.Count; }
    }

    public byte[]? Get(StateKey key)
    {
        lock (_lock) return _values.GetValueOrDefault(key);
    }

    public void Set(StateKey key, byte[] value)
    {
        lock (_lock)
        {
            _values[key] = value;
            _ordered.Add(key);
            _tree.Set(Hashing.Sha256(key.Span), Hashing.Sha256(value));
        }
    }

    public void Delete(StateKey key)
    {
        lock (_lock)
        {
            if (_values.Remove(key))
            {
                _ordered.Remove(key);
                _tree.Remove(Hashing.Sha256(key.Span));
            }
        }
    }

    /// <summary>Applies a block's changes (already in key order) and returns the new state root.</summary>
    public Hash32 Apply(IReadOnlyList<KeyValuePair<StateKey, byte[]?>> changes)
    {
        lock (_lock)
        {
            var hashes = new (Hash32 Key, Hash32 Value)[changes.Count];
            // Hashing is the costly part; it is independent per key, so it runs in parallel.
            Parallel.For(0, changes.Count, i =>
            {
                var (k, v) = changes[i];
                hashes[i] = (Hashing.Sha256(k.Span), v is null ? Hash32.Zero : Hashing.Sha256(v));
            });
            for (var i = 0; i < changes.Count; i++)
            {
                var (k, v) = changes[i];
                if (v is null)
                {
                    if (_values.Remove(k))
                    {
                        _ordered.Remove(k);
                        _tree.Remove(hashes[i].Key);
                    }
                }
                else
                {
                    _values[k] = v;
                    _ordered.Add(k);
                    _tree.Set(hashes[i].Key, hashes[i].Value);
                }
            }

            return _tree.Root;
        }
    }

    public Hash32 Root
    {
        get { lock (_lock) return _tree.Root; }
    }

    /// <summary>The value under <paramref name="key"/> with a proof against the current root.</summary>
    public (byte[]? Value, SmtProof Proof, Hash32 Root) Prove(StateKey key)
    {
        lock (_lock)
        {
            return (_values.GetValueOrDefault(key), _tree.Prove(Hashing.Sha256(key.Span)), _tree.Root);
        }
    }

    /// <summary>A copy of every entry, in key order (for export and tests).</summary>
    public IReadOnlyList<KeyValuePair<StateKey, byte[]>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _ordered.Select(k => new KeyValuePair<StateKey, byte[]>(k, _values[k]))];
        }
    }

    /// <summary>Entries whose key starts with <paramref name="prefix"/>, in key order: O(log n + matches).</summary>
    public IReadOnlyList<KeyValuePair<StateKey, byte[]>> Scan(ReadOnlySpan<byte> prefix)
    {
        var from = new StateKey(prefix.ToArray());
        var list = new List<KeyValuePair<StateKey, byte[]>>();
        lock (_lock)
        {
            if (_ordered.Count == 0 || _ordered.Max < from) return list;
            foreach (var key in _ordered.GetViewBetween(from, _ordered.Max))
            {
                if (!key.StartsWith(from.Span)) break;
                list.Add(new KeyValuePair<StateKey, byte[]>(key, _values[key]));
            }
        }

        return list;
    }
}
