using System.Collections.Concurrent;
using System.Threading.Channels;
using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Transactions;
using Block = GridForge.Chain.Blocks.Block;

namespace GridForge.Network.Gossip;

/// <summary>The mempool's gossip: every transaction this node admits (from a client or a peer) is sent on to each peer
/// that is not known to hold it, in batches; batches from peers are admitted by one worker off the links' read loops (a
/// full queue drops a batch rather than stall a link that also carries votes). A transaction whose bytes are malformed,
/// whose signature fails or that names another chain is garbage: no honest peer relays it.</summary>
public sealed class TxGossip : IAsyncDisposable
{
    private static readonly HashSet<string> GarbageCodes = [RejectionCodes.Malformed, RejectionCodes.BadSignature, RejectionCodes.WrongChain];

    private readonly ChainNode _chain;
    private readonly PeerManager _peers;
    private readonly NetworkOptions _options;
    private readonly ConcurrentQueue<(Transaction Tx, Peer? From)> _outbox = new();
    // A peer's batch, or (null, null) to wake the worker for the blocks in _committed.
    private readonly Channel<(Peer? From, TxBatch? Batch)> _inbox;
    // Later nonces that reached this node before their sender's earlier one, and the transactions (a client's, or a
    // block's) that may be the earlier ones they wait for.
    private readonly FutureTxs _future;
    private readonly ConcurrentQueue<IReadOnlyList<Transaction>> _arrived = new();
    private int _wakeQueued;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flusher;
    private readonly Task _admitter;
    // Transactions this node admitted (from clients or peers), also after a block took them out of the mempool.
    private readonly SeenSet<Hash32> _admitted = new(200_000);
    private long _droppedBatches;
    private long _droppedReceived;
    private long _droppedSent;
    private long _relayed;
    private long _duplicates;

    public TxGossip(ChainNode chain, PeerManager peers, NetworkOptions options)
    {
        _chain = chain;
        _peers = peers;
        _options = options;
        _inbox = Channel.CreateBounded<(Peer?, TxBatch?)>(new BoundedChannelOptions(32) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _future = new FutureTxs(options.FutureTxs);
        chain.Admitted += OnAdmitted;
        chain.BlockCommitted += OnBlockCommitted;
        _flusher = Task.Run(FlushLoopAsync);
        _admitter = Task.Run(AdmitLoopAsync);
    }

    /// <summary>Batches from peers dropped because admission was behind.</summary>
    public long DroppedBatches => Interlocked.Read(ref _droppedBatches);

    /// <summary>Transactions in peers' batches dropped because admission was behind.</summary>
    public long DroppedReceived => Interlocked.Read(ref _droppedReceived);

    /// <summary>Transactions not relayed to a peer because its queue of transaction batches was full.</summary>
    public long DroppedSent => Interlocked.Read(ref _droppedSent);

    /// <summary>Transactions from peers dropped as copies of one this node holds or admitted before, undecoded.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Peers' transactions kept until their sender's earlier nonce arrives (<see cref="FutureTxs"/>).</summary>
    public int FutureKept => _future.Count;

    /// <summary>Transactions sent to peers (counting each peer).</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    private void OnAdmitted(IReadOnlyList<Transaction> txs)
    {
        foreach (var tx in txs)
        {
            _admitted.Add(tx.Id);
            _outbox.Enqueue((tx, null));
        }

        Arrived(txs);
    }

    private void OnBlockCommitted(Block block, IReadOnlyList<TxResult> results, IReadOnlyList<Event> events)
    {
        Arrived(block.Transactions);
    }

    /// <summary>Hands transactions a client sent or a block committed to the worker, if transactions are kept that may
    /// follow them.</summary>
    private void Arrived(IReadOnlyList<Transaction> txs)
    {
        // Queued even while nothing is kept: the worker may be about to keep a transaction these make next (it read the
        // sender's nonce before this block was published), and it looks at the queue only after that.
        if (txs.Count == 0) return;
        _arrived.Enqueue(txs);
        // One wake in the inbox at a time, so that wakes never crowd out peers' batches.
        if (Interlocked.Exchange(ref _wakeQueued, 1) == 0 && !_inbox.Writer.TryWrite((null, null))) Volatile.Write(ref _wakeQueued, 0);
    }

    /// <summary>Takes a peer's batch (null) or says why it is garbage.</summary>
    public string? Receive(Peer from, TxBatch batch)
    {
        if (batch.Txs.Count > _options.MaxTxsPerBatch) return $"a batch of {batch.Txs.Count} transactions (at most {_options.MaxTxsPerBatch})";
        if (!_inbox.Writer.TryWrite((from, batch)))
        {
            Interlocked.Increment(ref _droppedBatches);
            Interlocked.Add(ref _droppedReceived, batch.Txs.Count);
        }

        return null;
    }

    private async Task AdmitLoopAsync()
    {
        try
        {
            await foreach (var (from, batch) in _inbox.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                // Clients' transactions and blocks since: their senders' next nonces may be kept here.
                List<byte[]>? next = null;
                if (from is null) Volatile.Write(ref _wakeQueued, 0);
                while (_arrived.TryDequeue(out var txs)) next = Successors(txs, next);
                if (next is not null) AdmitWithSuccessors(next, from: null);
                if (from is null || batch is null || from.IsClosed) continue;
                var encoded = new List<byte[]>(batch.Txs.Count);
                foreach (var raw in batch.Txs)
                {
                    // A copy of a transaction this node holds or admitted before (another peer relayed it first) is dropped
                    // by the hash of its bytes, before it is copied, decoded or checked.
                    var id = Transaction.IdOf(raw.Span);
                    from.KnownTxs.Add(id);
                    if (_admitted.Contains(id) || _chain.Mempool.Contains(id))
                    {
                        Interlocked.Increment(ref _duplicates);
                        continue;
                    }

                    encoded.Add(raw.ToByteArray());
                }

                if (encoded.Count > 0) AdmitWithSuccessors(encoded, from);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Admits a batch (a peer's, or kept ones whose earlier nonce has come), keeps what came too early, relays what
    /// was admitted, and goes on with the kept transactions that the admitted ones make next, until none is.</summary>
    private void AdmitWithSuccessors(List<byte[]> encoded, Peer? from)
    {
        while (encoded.Count > 0)
        {
            var results = _chain.SubmitBatch(encoded, announce: false, out var admitted, out var decoded);
            string? garbage = null;
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                if (r.TxId is { } id) from?.KnownTxs.Add(id);
                if (r.Rejection is not { } rejection) continue;
                if (GarbageCodes.Contains(rejection.Code)) garbage ??= $"a transaction refused as {rejection.Code}: {rejection.Message}";
                else if (rejection.Code == RejectionCodes.NonceFuture && decoded[i] is { } early) Keep(early);
            }

            if (garbage is not null && from is not null)
            {
                _peers.Ban(from, garbage);
                return;
            }

            foreach (var tx in admitted)
            {
                _admitted.Add(tx.Id);
                _outbox.Enqueue((tx, from));
            }

            // The kept successors came from whichever peers sent them: relayed to every peer not known to hold them.
            from = null;
            encoded = Successors(admitted, null) ?? [];
        }
    }

    /// <summary>Keeps a transaction refused as ahead of its sender's next nonce (its signature was checked on the way).</summary>
    private void Keep(Transaction tx) => _future.Keep(tx.Sender, tx.Nonce, AuthModule.NextNonce(_chain.State, tx.Sender), tx.Encoded);

    /// <summary>The kept transactions that come right after <paramref name="txs"/>, each sender's next nonce, added to
    /// <paramref name="into"/>.</summary>
    private List<byte[]>? Successors(IReadOnlyList<Transaction> txs, List<byte[]>? into)
    {
        if (_future.Count == 0) return into;
        foreach (var tx in txs)
        {
            if (tx.Nonce < ulong.MaxValue && _future.Take(tx.Sender, tx.Nonce + 1) is { } next) (into ??= []).Add(next);
        }

        return into;
    }

    private async Task FlushLoopAsync()
    {
        var pending = new List<(Transaction Tx, Peer? From)>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(_options.TxBatchDelay, _stop.Token).ConfigureAwait(false);
                while (!_outbox.IsEmpty)
                {
                    pending.Clear();
                    // Bounded by count and by bytes (this loop is the outbox's only reader: what it peeks it dequeues).
                    var bytes = 0L;
                    while (pending.Count < _options.TxBatchMax && _outbox.TryPeek(out var next)
                        && (pending.Count == 0 || bytes + next.Tx.Encoded.Length <= _options.TxBatchMaxBytes) && _outbox.TryDequeue(out var item))
                    {
                        pending.Add(item);
                        bytes += item.Tx.Encoded.Length;
                    }
                    foreach (var peer in _peers.Peers)
                    {
                        var batch = new TxBatch();
                        foreach (var (tx, from) in pending)
                        {
                            if (from == peer || !peer.KnownTxs.Add(tx.Id)) continue;
                            batch.Txs.Add(Wire.Bytes(tx.Encoded));
                        }

                        if (batch.Txs.Count == 0) continue;
                        if (peer.SendBulk(new Envelope { Txs = batch })) Interlocked.Add(ref _relayed, batch.Txs.Count);
                        else Interlocked.Add(ref _droppedSent, batch.Txs.Count);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _chain.Admitted -= OnAdmitted;
        _chain.BlockCommitted -= OnBlockCommitted;
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_flusher, _admitter).ConfigureAwait(false);
        _stop.Dispose();
    }
}
