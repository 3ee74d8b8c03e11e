namespace GridForge.Runtime.State;

/// <summary>Buffered writes over a parent state: kept by <see cref="CommitToParent"/>, dropped by
/// forgetting the overlay. A rejected transaction's overlay is dropped, so it changes nothing.</summary>
/// <remarks>Work that may fail inside a block (a transaction's message, an end-of-block item) is isolated with a checkpoint
/// (<see cref="Checkpoint"/>, then <see cref="Keep"/> or <see cref="Revert"/>) rather than an overlay of its own: its writes go
/// straight into this overlay, each one noting what the overlay held for its key before, and a revert puts exactly that back (an
/// entry the overlay did not have is removed again). Afterwards the overlay holds what it would hold had the work run on an
/// overlay of its own that was then committed or dropped — but a write is stored once, not copied up through one dictionary per
/// level of nesting (docs/architecture.md, "Isolation inside a block").</remarks>
public sealed class StateOverlay(IState parent) : IRevertibleState
{
    // null value = deleted in this overlay; created on the first write (most reads never write).
    private Dictionary<StateKey, byte[]?>? _writes;

    // While a checkpoint is open: every write's key and this overlay's entry for it before the write (Had: whether there was one).
    private List<(StateKey Key, bool Had, byte[]? Before)>? _undo;
    private int _open;

    public IState Parent { get; } = parent;

    public int WriteCount => _writes?.Count ?? 0;

    public byte[]? Get(StateKey key) => _writes is not null && _writes.TryGetValue(key, out var v) ? v : Parent.Get(key);

    public void Set(StateKey key, byte[] value) => Write(key, value);

    public void Delete(StateKey key) => Write(key, null);

    private void Write(StateKey key, byte[]? value)
    {
        _writes ??= [];
        if (_open > 0)
        {
            var had = _writes.TryGetValue(key, out var before);
            (_undo ??= []).Add((key, had, before));
        }

        _writes[key] = value;
    }

    public int Checkpoint()
    {
        _open++;
        return _undo?.Count ?? 0;
    }

    public void Keep(int checkpoint)
    {
        Close(checkpoint);
        if (_open == 0) _undo?.Clear();
    }

    public void Revert(int checkpoint)
    {
        Close(checkpoint);
        if (_undo is null) return;
        for (var i = _undo.Count - 1; i >= checkpoint; i--)
        {
            var (key, had, before) = _undo[i];
            if (had) _writes![key] = before;
            else _writes!.Remove(key);
        }

        if (_open == 0) _undo.Clear();
        else _undo.RemoveRange(checkpoint, _undo.Count - checkpoint);
    }

    private void Close(int checkpoint)
    {
        if (_open == 0 || checkpoint > (_undo?.Count ?? 0)) throw new InvalidOperationException("no such checkpoint is open on this overlay");
        _open--;
    }

    public void CommitToParent()
    {
        if (_open > 0) throw new InvalidOperationException("an overlay is committed only once its checkpoints are closed");
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
