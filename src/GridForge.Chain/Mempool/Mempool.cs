using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Runtime.Transactions;

namespace GridForge.Chain.Mempool;

/// <summary>Transactions waiting for a block, in arrival order. Each sender's transactions are admitted
/// only in gap-free nonce order, so arrival order is also nonce order per account.</summary>
public sealed class Mempool(int maxCount, long maxBytes)
{
    private sealed class SenderQueue
    {
        public readonly LinkedList<Transaction> Pending = new();
    }

    /// <summary>Where a waiting transaction stands: in arrival order, and among its sender's (so that removing it, which
    /// blocks do to tens of thousands at a time, is O(1) however many the sender has waiting).</summary>
    private sealed record Entry(LinkedListNode<Transaction> InArrival, LinkedListNode<Transaction> InSender);

    private readonly LinkedList<Transaction> _fifo = new();
    private readonly Dictionary<Hash32, Entry> _byId = [];
    private readonly Dictionary<Address, SenderQueue> _bySender = [];
    private readonly Lock _lock = new();
    private long _bytes;

    public int Count
    {
        get { lock (_lock) return _fifo.Count; }
    }

    /// <summary>The encoded size of the waiting transactions.</summary>
    public long Bytes
    {
        get { lock (_lock) return _bytes; }
    }

    /// <summary>The limits this pool was made with (node options), for operators to compare the counts against.</summary>
    public int MaxCount => maxCount;

    public long MaxBytes => maxBytes;

    public bool Contains(Hash32 id)
    {
        lock (_lock) return _byId.ContainsKey(id);
    }

    /// <summary>The nonce after the sender's last waiting transaction; null when none of its transactions is waiting.</summary>
    public ulong? NextNonce(Address sender)
    {
        lock (_lock) return _bySender.TryGetValue(sender, out var queue) ? checked(queue.Pending.Last!.Value.Nonce + 1) : null;
    }

    /// <summary>The waiting transaction with this id (its signature already checked), if any.</summary>
    public Transaction? Find(Hash32 id)
    {
        lock (_lock) return _byId.TryGetValue(id, out var entry) ? entry.InArrival.Value : null;
    }

    /// <summary>Admits a transaction whose stateless checks passed if every one of <paramref name="rules"/>, in order, lets it
    /// in (<see cref="AdmissionRules"/>); otherwise the first refusal. <paramref name="committedNonce"/> gives the sender's next
    /// nonce in the committed state, asked only when none of its transactions is waiting.</summary>
    public Rejection? Add(Transaction tx, IReadOnlyList<IPoolRule> rules, Func<Address, ulong> committedNonce)
    {
        lock (_lock)
        {
            _bySender.TryGetValue(tx.Sender, out var queue);
            var pending = queue?.Pending.Count ?? 0;
            // The next nonce follows the sender's last pending transaction; only with none pending is the
            // committed state asked (a block may be between applying its state and leaving the mempool).
            var view = new PoolView(_byId.ContainsKey(tx.Id), _fifo.Count, _bytes, pending,
                () => pending > 0 ? checked(queue!.Pending.Last!.Value.Nonce + 1) : committedNonce(tx.Sender));
            foreach (var rule in rules)
            {
                if (rule.Check(tx, view) is { } rejection) return rejection;
            }

            if (queue is null)
            {
                queue = new SenderQueue();
                _bySender[tx.Sender] = queue;
            }

            _byId[tx.Id] = new Entry(_fifo.AddLast(tx), queue.Pending.AddLast(tx));
            _bytes += tx.Encoded.Length;
            return null;
        }
    }

    /// <summary>Up to <paramref name="max"/> transactions from the front, in arrival order.</summary>
    public IReadOnlyList<Transaction> Peek(int max)
    {
        lock (_lock)
        {
            var list = new List<Transaction>(Math.Min(max, _fifo.Count));
            for (var n = _fifo.First; n is not null && list.Count < max; n = n.Next) list.Add(n.Value);
            return list;
        }
    }

    /// <summary>Removes included transactions, and dropped ones together with every later transaction of
    /// their senders (those would now have a nonce gap); returns those later transactions. <paramref name="orphaned"/>
    /// hears of them while they are still waiting, so that whoever asks about one finds it somewhere at every moment.</summary>
    public IReadOnlyList<Transaction> Remove(IEnumerable<Transaction> included, IEnumerable<Transaction> dropped,
        Action<IReadOnlyList<Transaction>>? orphaned = null)
    {
        lock (_lock)
        {
            var orphans = new List<Transaction>();
            // An included transaction is never an orphan, wherever it stands in its sender's queue.
            var gone = included.Select(t => t.Id).ToHashSet();
            foreach (var tx in dropped)
            {
                if (gone.Contains(tx.Id) || !_byId.TryGetValue(tx.Id, out var entry)) continue;
                for (var n = entry.InSender; n is not null; n = n.Next)
                {
                    if (!gone.Add(n.Value.Id)) continue;
                    if (n != entry.InSender) orphans.Add(n.Value);
                }
            }

            if (orphans.Count > 0) orphaned?.Invoke(orphans);
            foreach (var id in gone) RemoveOne(id);
            return orphans;
        }
    }

    /// <summary>Removes the waiting transactions whose nonce a committed block has already used (another transaction of the
    /// sender with the same nonce, submitted elsewhere, was included): none of them can ever be included, and without this a
    /// node that never proposes would keep them, and count them against its limits, for good. <paramref name="included"/> are
    /// the block's transactions: each sender's next nonce is the one after its last among them. <paramref name="replaced"/>
    /// hears of the removed ones while they are still waiting (as <see cref="Remove"/>'s orphans).</summary>
    public IReadOnlyList<Transaction> RemoveReplaced(IEnumerable<Transaction> included, Action<IReadOnlyList<Transaction>>? replaced = null)
    {
        var next = new Dictionary<Address, ulong>();
        // Saturating: this runs after the block is durable, where nothing may throw (execution already refuses the last nonce).
        foreach (var tx in included) next[tx.Sender] = Math.Max(next.GetValueOrDefault(tx.Sender), tx.Nonce == ulong.MaxValue ? tx.Nonce : tx.Nonce + 1);
        lock (_lock)
        {
            var stale = new List<Transaction>();
            foreach (var (sender, nonce) in next)
            {
                if (!_bySender.TryGetValue(sender, out var queue)) continue;
                // A sender's waiting transactions are in nonce order: the used nonces are at the front.
                for (var n = queue.Pending.First; n is not null && n.Value.Nonce < nonce; n = n.Next) stale.Add(n.Value);
            }

            if (stale.Count > 0) replaced?.Invoke(stale);
            foreach (var tx in stale) RemoveOne(tx.Id);
            return stale;
        }
    }

    private void RemoveOne(Hash32 id)
    {
        if (!_byId.Remove(id, out var entry)) return;
        var tx = entry.InArrival.Value;
        _fifo.Remove(entry.InArrival);
        _bytes -= tx.Encoded.Length;
        var q = _bySender[tx.Sender];
        q.Pending.Remove(entry.InSender);
        if (q.Pending.Count == 0) _bySender.Remove(tx.Sender);
    }
}
