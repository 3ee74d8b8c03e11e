using GridForge.Core.Primitives;

namespace GridForge.Network.Gossip;

/// <summary>Peers' transactions that arrived before an earlier nonce of their sender (flooding brings each transaction by
/// several paths, and a later one may win the race), kept by (sender, nonce) until that earlier nonce is admitted or
/// committed here. Bounded three ways, since keeping costs a peer nothing: at most <see cref="Limits.Count"/> transactions
/// and <see cref="Limits.Bytes"/> bytes in all (beyond, the oldest is forgotten: a peer may send it again, and a block
/// carries it anyway), and at most <see cref="Limits.PerSender"/> of one sender (beyond, the new one is not kept). Every
/// one kept has passed its stateless checks, signature included. Thread-safe.</summary>
public sealed class FutureTxs(FutureTxs.Limits limits)
{
    /// <summary>The bounds: in all, by bytes, per sender; and how far ahead of the sender's next nonce a transaction may be.</summary>
    public sealed record Limits(int Count, long Bytes, int PerSender, ulong MaxAhead)
    {
        public static readonly Limits Default = new(50_000, 32L * 1024 * 1024, 64, 256);
    }

    private readonly Dictionary<(Address Sender, ulong Nonce), byte[]> _byKey = [];
    private readonly Dictionary<Address, int> _perSender = [];
    private readonly Queue<(Address Sender, ulong Nonce, byte[] Encoded)> _order = new();
    private readonly Lock _lock = new();
    private long _bytes;

    public Limits Bounds => limits;

    public int Count
    {
        get { lock (_lock) return _byKey.Count; }
    }

    public long Bytes
    {
        get { lock (_lock) return _bytes; }
    }

    /// <summary>Keeps <paramref name="encoded"/> as the sender's transaction of <paramref name="nonce"/>, unless that nonce is
    /// more than <see cref="Limits.MaxAhead"/> past <paramref name="nextNonce"/> (it could not be admitted for a long time,
    /// if ever), the key is taken already (the first copy to fit is admitted, another would be refused as a replay), or the
    /// sender has <see cref="Limits.PerSender"/> kept. Returns whether it was kept.</summary>
    public bool Keep(Address sender, ulong nonce, ulong nextNonce, byte[] encoded)
    {
        if (nonce <= nextNonce || nonce - nextNonce > limits.MaxAhead || encoded.Length > limits.Bytes) return false;
        lock (_lock)
        {
            if (_byKey.ContainsKey((sender, nonce))) return false;
            var held = _perSender.GetValueOrDefault(sender);
            if (held >= limits.PerSender) return false;
            _byKey[(sender, nonce)] = encoded;
            _perSender[sender] = held + 1;
            _bytes += encoded.Length;
            _order.Enqueue((sender, nonce, encoded));
            // The queue may hold entries taken meanwhile (skipped); forget the oldest still kept.
            while ((_byKey.Count > limits.Count || _bytes > limits.Bytes) && _order.TryDequeue(out var oldest))
            {
                if (_byKey.TryGetValue((oldest.Sender, oldest.Nonce), out var kept) && ReferenceEquals(kept, oldest.Encoded))
                {
                    Forget(oldest.Sender, oldest.Nonce);
                }
            }

            if (_order.Count > 2 * Math.Max(limits.Count, 1)) Compact();
            return true;
        }
    }

    /// <summary>Takes the sender's kept transaction of <paramref name="nonce"/>, if any.</summary>
    public byte[]? Take(Address sender, ulong nonce)
    {
        lock (_lock) return _byKey.ContainsKey((sender, nonce)) ? Forget(sender, nonce) : null;
    }

    private byte[] Forget(Address sender, ulong nonce)
    {
        _byKey.Remove((sender, nonce), out var encoded);
        _bytes -= encoded!.Length;
        if (--_perSender[sender] == 0) _perSender.Remove(sender);
        return encoded;
    }

    private void Compact()
    {
        var live = _order.Where(e => _byKey.TryGetValue((e.Sender, e.Nonce), out var kept) && ReferenceEquals(kept, e.Encoded)).ToList();
        _order.Clear();
        foreach (var entry in live) _order.Enqueue(entry);
    }
}
