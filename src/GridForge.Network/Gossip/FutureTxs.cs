using GridForge.Core.Primitives;

namespace GridForge.Network.Gossip;

/// <summary>Peers' transactions that arrived before an earlier nonce of their sender (flooding brings each transaction by
/// several paths, and a later one may win the race), kept by (sender, nonce) until that earlier nonce is admitted or
/// committed here. Bounded: beyond <see cref="Capacity"/> the oldest is forgotten (a peer may still send it again, and a
/// block carries it anyway). Every one kept has passed its stateless checks, signature included. Thread-safe.</summary>
public sealed class FutureTxs(int capacity)
{
    private readonly Dictionary<(Address Sender, ulong Nonce), byte[]> _byKey = [];
    private readonly Queue<(Address Sender, ulong Nonce)> _order = new();
    private readonly Lock _lock = new();

    public int Capacity => capacity;

    public int Count
    {
        get { lock (_lock) return _byKey.Count; }
    }

    /// <summary>Keeps <paramref name="encoded"/> as the sender's transaction of <paramref name="nonce"/> (a later copy of the
    /// same key replaces it: the first one to fit is admitted, the other refused as a replay).</summary>
    public void Keep(Address sender, ulong nonce, byte[] encoded)
    {
        lock (_lock)
        {
            if (_byKey.TryAdd((sender, nonce), encoded)) _order.Enqueue((sender, nonce));
            else _byKey[(sender, nonce)] = encoded;
            // The queue may hold keys taken meanwhile: skip those, forget the oldest still kept.
            while (_byKey.Count > capacity && _order.TryDequeue(out var oldest)) _byKey.Remove(oldest);
            if (_order.Count > 2 * capacity) Compact();
        }
    }

    /// <summary>Takes the sender's kept transaction of <paramref name="nonce"/>, if any.</summary>
    public byte[]? Take(Address sender, ulong nonce)
    {
        lock (_lock) return _byKey.Remove((sender, nonce), out var encoded) ? encoded : null;
    }

    private void Compact()
    {
        var live = _order.Where(_byKey.ContainsKey).ToList();
        _order.Clear();
        foreach (var key in live) _order.Enqueue(key);
    }
}
