namespace GridForge.Runtime.State;

/// <summary>The committed state as it stood at one published height, for as long as the view is open: every key read through it,
/// however many and however late, comes from that height, while blocks after it are published beside it. Read-only. Disposing
/// it lets the store forget what only it still needed.</summary>
public sealed class StateView : IScannableState, IDisposable
{
    private readonly StateStore _store;
    private int _disposed;

    internal StateView(StateStore store, ulong height, Core.Primitives.Hash32 root)
    {
        _store = store;
        Height = height;
        Root = root;
    }

    /// <summary>The height whose state this view shows: what every answer built from it names.</summary>
    public ulong Height { get; }

    /// <summary>That state's root (the state root of block <see cref="Height"/>).</summary>
    public Core.Primitives.Hash32 Root { get; }

    public byte[]? Get(StateKey key) => _store.GetAt(key, Height);

    public IReadOnlyList<KeyValuePair<StateKey, byte[]>> Scan(ReadOnlySpan<byte> prefix) => _store.ScanAt(prefix, Height);

    public void Set(StateKey key, byte[] value) => throw new InvalidOperationException("a state view is read-only");

    public void Delete(StateKey key) => throw new InvalidOperationException("a state view is read-only");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _store.Unpin(Height);
    }
}
