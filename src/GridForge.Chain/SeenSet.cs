namespace GridForge.Chain;

/// <summary>A bounded set of recently seen items (hashes, votes): adding beyond the capacity forgets the oldest. Used for
/// duplicate suppression (what this node already handled, what a peer is known to hold). Thread-safe.</summary>
public sealed class SeenSet<T>(int capacity)
    where T : notnull
{
    private readonly HashSet<T> _set = new(Math.Min(capacity, 4_096));
    private readonly Queue<T> _order = new(Math.Min(capacity, 4_096));
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _set.Count; }
    }

    /// <summary>Adds <paramref name="hash"/>; false when it was already there.</summary>
    public bool Add(T hash)
    {
        lock (_lock)
        {
            if (!_set.Add(hash)) return false;
            _order.Enqueue(hash);
            while (_order.Count > capacity) _set.Remove(_order.Dequeue());
            return true;
        }
    }

    public bool Contains(T hash)
    {
        lock (_lock) return _set.Contains(hash);
    }
}
