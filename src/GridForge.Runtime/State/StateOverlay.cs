namespace GridForge.Runtime.State;

/// <summary>Buffered writes over a parent state: kept by <see cref="CommitToParent"/>, dropped by
/// forgetting the overlay. A rejected transaction's overlay is dropped, so it changes nothing.</summary>
public sealed class StateOverlay(IState parent) : IState
{
    // null value = deleted in this overlay; created on the first write (most reads never write).
    private Dictionary<StateKey, byte[]?>? _writes;

    public IState Parent { get; } = parent;

    public int WriteCount => _writes?.Count ?? 0;

    public byte[]? Get(StateKey key) => _writes is not null && _writes.TryGetValue(key, out var v) ? v : Parent.Get(key);

    public void Set(StateKey key, byte[] value) => (_writes ??= [])[key] = value;

    public void Delete(StateKey key) => (_writes ??= [])[key] = null;

    public void CommitToParent()
    {
        if (_writes is null) return;
        foreach (var (key, value) in _writes)
        {
            if (value is null) Parent.Delete(key);
            else Parent.Set(key, value);
        }

        _writes.Clear();
    }

    /// <summary>The writes in ascending key order, so that whoever applies them does so deterministically.</summary>
    public IReadOnlyList<KeyValuePair<StateKey, byte[]?>> SortedWrites()
    {
        var list = _writes?.ToList() ?? [];
        list.Sort((a, b) => a.Key.CompareTo(b.Key));
        return list;
    }
}
