using GridForge.Core.Primitives;

namespace GridForge.Chain;

/// <summary>A bounded set of recently seen hashes: adding beyond the capacity forgets the oldest. Used for duplicate
/// suppression (what this node already handled, what a peer is known to hold). Thread-safe.</summary>
public sealed class SeenSet(int capacity)
{
    private readonly HashSet<Hash32> _set = new(capacity);
    private readonly Queue<Hash32> _order = new(capacity);
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _set.Count; }
    }

    /// <summary>Adds <paramref name="hash"/>; false when it was already there.</summary>
    public bool Add(Hash32 hash)
    {
        lock (_lock)
        {
            if (!_set.Add(hash)) return false;
            _order.Enqueue(hash);
            while (_order.Count > capacity) _set.Remove(_order.Dequeue());
            return true;
        }
    }

    public bool Contains(Hash32 hash)
    {
        lock (_lock) return _set.Contains(hash);
    }
}
