using GridForge.Core.Crypto;
using GridForge.Core.Merkle;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.State;

/// <summary>The committed state: every key and value in memory, authenticated by a sparse Merkle tree whose root goes into each
/// block header. A block's changes reach it in two steps: <see cref="Stage"/> computes the new root (the tree only), and
/// <see cref="Publish"/> — once the block is durable — makes the values visible, all at once, as the state of its height.
/// Readers never see a block that a crash could still take back; a reader that needs several keys opens a
/// <see cref="StateView"/> pinned to one height, and the store keeps, for as long as such views are open, the values that
/// later blocks replaced (only for the keys they changed: no copy of the state per block).</summary>
public sealed class StateStore : IScannableState
{
    private readonly Dictionary<StateKey, byte[]> _values;
    // The keys in order, so that a prefix scan (an account's orders, meters, …) reads only its range
    // instead of every key in the state while holding the lock.
    private readonly SortedSet<StateKey> _ordered;
    private readonly SparseMerkleTree _tree;
    private readonly Lock _lock = new();
    private readonly Lock _treeLock = new();
    // What each block published since the oldest open view replaced: height → the values its keys had before (null: absent).
    private readonly List<(ulong Height, Dictionary<StateKey, byte[]?> Before)> _history = [];
    private readonly SortedDictionary<ulong, int> _pins = [];
    private List<KeyValuePair<StateKey, byte[]?>>? _staged;
    private Hash32 _root;
    private ulong _height;

    public StateStore()
    {
        _values = [];
        _ordered = [];
        _tree = new SparseMerkleTree();
        _root = _tree.Root;
    }

    private StateStore(Dictionary<StateKey, byte[]> values, SparseMerkleTree tree, ulong height)
    {
        _values = values;
        _ordered = new SortedSet<StateKey>(values.Keys);
        _tree = tree;
        _root = tree.Root;
        _height = height;
    }

    /// <summary>Loads a state (for example from disk on restart) as the state of <paramref name="height"/>, building the tree in one pass.</summary>
    public static StateStore Load(IEnumerable<KeyValuePair<byte[], byte[]>> entries, ulong height = 0)
    {
        var values = new Dictionary<StateKey, byte[]>();
        var leaves = new List<(Hash32, Hash32)>();
        foreach (var (k, v) in entries)
        {
            values[new StateKey(k)] = v;
            leaves.Add((Hashing.Sha256(k), Hashing.Sha256(v)));
        }

        return new StateStore(values, SparseMerkleTree.Build(leaves), height);
    }

    public int Count
    {
        get { lock (_lock) return _values.Count; }
    }

    /// <summary>The height whose state is published (what <see cref="Get"/> and a new view read).</summary>
    public ulong Height
    {
        get { lock (_lock) return _height; }
    }

    /// <summary>The published state's root.</summary>
    public Hash32 Root
    {
        get { lock (_lock) return _root; }
    }

    /// <summary>A value of the published state.</summary>
    public byte[]? Get(StateKey key)
    {
        lock (_lock) return _values.GetValueOrDefault(key);
    }

    public void Set(StateKey key, byte[] value) => Apply([new(key, value)]);

    public void Delete(StateKey key) => Apply([new(key, null)]);

    /// <summary>Applies changes (already in key order) to the tree and the values at once, keeping the published height, and
    /// returns the new root: for states that are not a node's committed chain (genesis, verification, tests).</summary>
    public Hash32 Apply(IReadOnlyList<KeyValuePair<StateKey, byte[]?>> changes)
    {
        var root = Stage(changes);
        Publish(changes, Height);
        return root;
    }

    /// <summary>Brings the tree to the state these changes (already in key order) make and returns its root; the published
    /// values do not change until <see cref="Publish"/>, and <see cref="Unstage"/> takes the tree back.</summary>
    public Hash32 Stage(IReadOnlyList<KeyValuePair<StateKey, byte[]?>> changes)
    {
        var hashes = new (Hash32 Key, Hash32 Value)[changes.Count];
        // Hashing is the costly part; it is independent per key, so it runs in parallel and outside any lock.
        Parallel.For(0, changes.Count, i =>
        {
            var (k, v) = changes[i];
            hashes[i] = (Hashing.Sha256(k.Span), v is null ? Hash32.Zero : Hashing.Sha256(v));
        });
        var undo = new List<KeyValuePair<StateKey, byte[]?>>(changes.Count);
        lock (_lock)
        {
            if (_staged is not null) throw new InvalidOperationException("a block's changes are staged already");
            foreach (var (k, _) in changes) undo.Add(new(k, _values.GetValueOrDefault(k)));
            _staged = undo;
        }

        lock (_treeLock)
        {
            for (var i = 0; i < changes.Count; i++)
            {
                if (changes[i].Value is null) _tree.Remove(hashes[i].Key);
                else _tree.Set(hashes[i].Key, hashes[i].Value);
            }

            return _tree.Root;
        }
    }

    /// <summary>Takes the tree back to the published state (the staged block could not be made durable).</summary>
    public void Unstage()
    {
        List<KeyValuePair<StateKey, byte[]?>> undo;
        lock (_lock)
        {
            undo = _staged ?? throw new InvalidOperationException("no block's changes are staged");
            _staged = null;
        }

        lock (_treeLock)
        {
            foreach (var (k, v) in undo)
            {
                if (v is null) _tree.Remove(Hashing.Sha256(k.Span));
                else _tree.Set(Hashing.Sha256(k.Span), Hashing.Sha256(v));
            }
        }
    }

    /// <summary>Makes the staged changes the published state of <paramref name="height"/>, all at once: from here on a read
    /// sees them, and no read ever saw them before.</summary>
    public void Publish(IReadOnlyList<KeyValuePair<StateKey, byte[]?>> changes, ulong height)
    {
        Hash32 root;
        lock (_treeLock) root = _tree.Root;
        lock (_lock)
        {
            if (_staged is null) throw new InvalidOperationException("publish the changes that were staged");
            _staged = null;
            // Open views read older heights: keep what these keys held for them (only while some view is open).
            Dictionary<StateKey, byte[]?>? before = _pins.Count > 0 ? new(changes.Count) : null;
            foreach (var (k, v) in changes)
            {
                if (before is not null) before.TryAdd(k, _values.GetValueOrDefault(k));
                if (v is null)
                {
                    if (_values.Remove(k)) _ordered.Remove(k);
                }
                else
                {
                    _values[k] = v;
                    _ordered.Add(k);
                }
            }

            if (before is not null && height > _height) _history.Add((height, before));
            _height = height;
            _root = root;
        }
    }

    /// <summary>A view of the published state, pinned to its height until disposed.</summary>
    public StateView OpenView()
    {
        lock (_lock)
        {
            _pins[_height] = _pins.GetValueOrDefault(_height) + 1;
            return new StateView(this, _height, _root);
        }
    }

    internal void Unpin(ulong height)
    {
        lock (_lock)
        {
            if (!_pins.TryGetValue(height, out var n)) return;
            if (n > 1) _pins[height] = n - 1;
            else _pins.Remove(height);
            // A block's old values are needed only by views older than it.
            var oldest = _pins.Count == 0 ? ulong.MaxValue : _pins.Keys.First();
            var drop = 0;
            while (drop < _history.Count && _history[drop].Height <= oldest) drop++;
            _history.RemoveRange(0, drop);
        }
    }

    /// <summary>The value <paramref name="key"/> had in the state of <paramref name="height"/> (a pinned view's).</summary>
    internal byte[]? GetAt(StateKey key, ulong height)
    {
        lock (_lock) return ValueAt(key, height);
    }

    // Under the lock: the first block after the height that changed the key knows what it was.
    private byte[]? ValueAt(StateKey key, ulong height)
    {
        if (height < _height)
        {
            foreach (var (h, before) in _history)
            {
                if (h > height && before.TryGetValue(key, out var old)) return old;
            }
        }

        return _values.GetValueOrDefault(key);
    }

    /// <summary>The value under <paramref name="key"/> with a proof against the published root (nothing may be staged).</summary>
    public (byte[]? Value, SmtProof Proof, Hash32 Root) Prove(StateKey key)
    {
        lock (_lock)
        {
            if (_staged is not null) throw new InvalidOperationException("a block is being committed; prove against the published state after it");
            lock (_treeLock) return (_values.GetValueOrDefault(key), _tree.Prove(Hashing.Sha256(key.Span)), _tree.Root);
        }
    }

    /// <summary>A copy of every entry of the published state, in key order (for export and tests).</summary>
    public IReadOnlyList<KeyValuePair<StateKey, byte[]>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _ordered.Select(k => new KeyValuePair<StateKey, byte[]>(k, _values[k]))];
        }
    }

    /// <summary>Entries of the published state whose key starts with <paramref name="prefix"/>, in key order: O(log n + matches).</summary>
    public IReadOnlyList<KeyValuePair<StateKey, byte[]>> Scan(ReadOnlySpan<byte> prefix) => ScanAt(prefix, ulong.MaxValue);

    /// <summary><see cref="Scan"/> as the state of <paramref name="height"/> had it.</summary>
    internal IReadOnlyList<KeyValuePair<StateKey, byte[]>> ScanAt(ReadOnlySpan<byte> prefix, ulong height)
    {
        var from = new StateKey(prefix.ToArray());
        var list = new List<KeyValuePair<StateKey, byte[]>>();
        lock (_lock)
        {
            var old = height < _height;
            // Keys deleted since the height are no longer in the ordered set: their old values are in the history.
            SortedSet<StateKey>? removed = null;
            if (old)
            {
                foreach (var (h, before) in _history)
                {
                    if (h <= height) continue;
                    foreach (var (k, v) in before)
                    {
                        if (v is not null && k.StartsWith(from.Span) && !_values.ContainsKey(k)) (removed ??= []).Add(k);
                    }
                }
            }

            IEnumerable<StateKey> keys = _ordered.Count == 0 || _ordered.Max < from ? [] : RangeFrom(from);
            if (removed is not null) keys = keys.Concat(removed).Order();
            foreach (var key in keys)
            {
                var value = old ? ValueAt(key, height) : _values[key];
                if (value is not null) list.Add(new KeyValuePair<StateKey, byte[]>(key, value));
            }
        }

        return list;
    }

    // Under the lock: the ordered keys from the prefix on, while they start with it.
    private IEnumerable<StateKey> RangeFrom(StateKey from)
    {
        foreach (var key in _ordered.GetViewBetween(from, _ordered.Max))
        {
            if (!key.StartsWith(from.Span)) yield break;
            yield return key;
        }
    }
}
