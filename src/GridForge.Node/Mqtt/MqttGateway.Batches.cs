using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using Microsoft.Extensions.Logging;

namespace GridForge.Node.Mqtt;

/// <summary>Batches: queued readings into transactions signed by the gateway's account and admitted through the node's readings
/// path; what became of each transaction, read from the chain's store; each reading's outcome published before the queue
/// forgets it; and, at start, the same questions asked of whatever a previous run left behind.</summary>
public sealed partial class MqttGateway
{
    // Readings durable and not in a batch that may still be committed, in queue order.
    private readonly List<PendingReading> _ready = [];
    // Transactions admitted and not yet seen committed, in nonce order.
    private readonly List<Batch> _inFlight = [];
    // Committed transactions whose outcomes are not yet published.
    private readonly List<(Batch Batch, (string Topic, byte[] Payload)[] Messages)> _judged = [];
    private ulong? _nextNonce;
    private int _blocksSeen = 1;
    private long _followedAt;
    private long _notBefore;

    /// <summary>A transaction of the gateway's and the readings it carries, in order.</summary>
    private sealed record Batch(Hash32 Tx, ulong Nonce, PendingReading[] Readings);

    private async Task BatchLoopAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
                tick.CancelAfter(250);
                await _wake.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The periodic look at the chain, in case a block's signal was missed.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // The chain changes only with a block: its store is asked after each one (and once a second, in case).
                if (Interlocked.Exchange(ref _blocksSeen, 0) > 0 || Environment.TickCount64 - _followedAt >= 1_000)
                {
                    _followedAt = Environment.TickCount64;
                    Follow();
                }

                await PublishJudgedAsync(ct).ConfigureAwait(false);
                if (Environment.TickCount64 >= _notBefore) Submit();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Problem("batches", $"the gateway's batching failed and will try again: {e.Message}");
                _notBefore = Environment.TickCount64 + 1_000;
            }
        }
    }

    /// <summary>Asks the chain (its durable store, through the node's own read path) what became of each transaction in flight.
    /// A committed one's readings are judged by its events; one that can no longer be committed (dropped from the mempool) takes
    /// every later one with it (their nonces follow it), and their readings go back to the queue for new transactions.</summary>
    private void Follow()
    {
        for (var i = 0; i < _inFlight.Count; i++)
        {
            var batch = _inFlight[i];
            var status = _node.GetTxStatus(batch.Tx);
            if (status.State == TxStatus.Pending) continue;
            if (status.Committed is { } committed)
            {
                _judged.Add((batch, Judge(batch, committed)));
                _inFlight.RemoveAt(i--);
                continue;
            }

            Problem("dropped", $"transaction {batch.Tx} (nonce {batch.Nonce}) was dropped: {status.Rejection?.Code}: {status.Rejection?.Message}; its " +
                $"readings go into new transactions");
            Unbatch(_inFlight.Skip(i).ToList());
            _inFlight.RemoveRange(i, _inFlight.Count - i);
            _nextNonce = null;
            return;
        }
    }

    private (string, byte[])[] Judge(Batch batch, Chain.Storage.StoredTxResult committed)
    {
        var readings = batch.Readings;
        var outcomes = committed.Code is { } code
            ? Enumerable.Repeat(new ReadingOutcome(false, code, committed.Message), readings.Length).ToArray()
            : ReadingOutcome.Of(EventJson.Read(committed.EventsJson) ?? [], readings.Length);
        var messages = new (string, byte[])[readings.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            Stats.CountJudged(outcomes[i].Accepted, outcomes[i].Code);
            messages[i] = (MeterTopics.Outcomes(readings[i].MeterText),
                ReadingOutcomeMessage.Format(readings[i].MeterText, readings[i].Reading.Slot, outcomes[i], committed.Height, batch.Tx));
        }

        return messages;
    }

    /// <summary>Publishes the outcomes of committed transactions; once the broker has them, the queue forgets those readings.</summary>
    private async Task PublishJudgedAsync(CancellationToken ct)
    {
        if (_judged.Count == 0) return;
        if (!await _sink.PublishAsync([.. _judged.SelectMany(j => j.Messages)], ct).ConfigureAwait(false)) return;
        var readings = _judged.SelectMany(j => j.Batch.Readings).ToList();
        _queue.Finish(_judged.Select(j => j.Batch.Tx), readings.Select(r => r.Seq));
        Stats.CountOutcomes(readings.Count);
        lock (_gate)
        {
            foreach (var r in readings) _held.Remove(new ReadingBytes(r.Bytes));
        }

        _judged.Clear();
    }

    /// <summary>Signs batches of the readings whose slot has ended by the chain's latest block (earlier ones would be refused as
    /// not ended; they wait), records them durably, and admits them through <see cref="ReadingsAdmission"/>.</summary>
    private void Submit()
    {
        var room = _options.MaxTransactionsInFlight - _inFlight.Count;
        if (room <= 0) return;
        var state = _node.State;
        var height = _node.Height;
        var ended = GridQueries.SlotAt(state, _node.Head?.Time ?? _node.GenesisTime).Index;
        var take = new List<PendingReading>();
        lock (_gate)
        {
            for (var i = 0; i < _ready.Count && take.Count < room * SubmitReadingsMessage.ReadingsPerTransaction; i++)
            {
                if (_ready[i].Reading.Slot.Index >= ended) continue;
                take.Add(_ready[i]);
                _ready[i] = null!;
            }

            _ready.RemoveAll(r => r is null);
        }

        if (take.Count == 0) return;
        var chainId = _node.ChainId;
        var fee = (ulong)TokensModule.MinFee.Get(state);
        var nonce = _nextNonce ??= Math.Max(AuthQueries.NextNonce(state, Account), _inFlight.Count > 0 ? _inFlight[^1].Nonce + 1 : 0);
        var batches = take.Chunk(SubmitReadingsMessage.ReadingsPerTransaction)
            .Select(chunk => (Readings: chunk, Tx: Transaction.Sign(_options.Key, chainId, nonce++, fee, height + 1_000,
                SubmitReadingsMessage.Vouched([.. chunk.Select(r => r.Reading)], chainId))))
            .ToList();
        foreach (var r in take) r.Batched = true;
        // Durable before submitted: after a crash the gateway asks the chain about every transaction it may have sent.
        _queue.AddBatches(batches.Select(b => (b.Tx.Id, b.Tx.Nonce, b.Readings.Select(r => r.Seq).ToArray())));
        var results = ReadingsAdmission.Admit(_node, [.. batches.Select(b => b.Tx)]);
        var admitted = 0;
        while (admitted < results.Length && results[admitted].Accepted)
        {
            _inFlight.Add(new Batch(batches[admitted].Tx.Id, batches[admitted].Tx.Nonce, batches[admitted].Readings));
            admitted++;
        }

        Stats.CountTransactions(admitted);
        _nextNonce = nonce;
        if (admitted == results.Length) return;

        // Admission is in nonce order: after the first refusal none of the later ones could be admitted either.
        var refused = results[admitted].Rejection!;
        var back = batches.Skip(admitted).ToList();
        _queue.DropBatches(back.Select(b => b.Tx.Id));
        Unbatch(back.Select(b => new Batch(b.Tx.Id, b.Tx.Nonce, b.Readings)).ToList(), alreadyDropped: true);
        _nextNonce = refused.Code is RejectionCodes.NonceReplayed or RejectionCodes.NonceFuture ? null : batches[admitted].Tx.Nonce;
        _notBefore = Environment.TickCount64 + (refused.Code == RejectionCodes.MempoolFull ? 200 : 5_000);
        if (refused.Code != RejectionCodes.MempoolFull)
        {
            Problem("refused", $"the node refused the gateway's transaction: {refused.Code}: {refused.Message} (account {Account}, which pays the fees)");
        }
    }

    /// <summary>Puts the readings of transactions that will never be committed back in the queue, in their order.</summary>
    private void Unbatch(List<Batch> batches, bool alreadyDropped = false)
    {
        if (batches.Count == 0) return;
        if (!alreadyDropped) _queue.DropBatches(batches.Select(b => b.Tx));
        lock (_gate)
        {
            foreach (var r in batches.SelectMany(b => b.Readings)) r.Batched = false;
            _ready.AddRange(batches.SelectMany(b => b.Readings));
            _ready.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        }
    }

    /// <summary>At start: every reading still in the queue is verified again (the file is not trusted more than a publish), every
    /// transaction a previous run may have submitted is looked up in the chain — committed ones are judged and their outcomes
    /// published, pending ones followed, the others forgotten — and the rest goes into new transactions. After <c>kill -9</c> the
    /// mempool is gone, so a transaction that was not committed never will be: each acknowledged reading reaches the chain once.</summary>
    private void Recover()
    {
        var rows = _queue.Readings();
        var chainId = _node.ChainId;
        var readings = new PendingReading?[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var r = MeterReading.FromBytes(rows[i].Reading, out _);
            readings[i] = r is not null && r.Verify(chainId) ? new PendingReading(r, rows[i].Reading, r.Meter.ToString()) { Seq = rows[i].Seq } : null;
        });
        var bySeq = new Dictionary<long, PendingReading>();
        var invalid = new List<long>();
        for (var i = 0; i < rows.Count; i++)
        {
            _lastSeq = Math.Max(_lastSeq, rows[i].Seq);
            if (readings[i] is { } r && _held.TryAdd(new ReadingBytes(r.Bytes), r)) bySeq[r.Seq] = r;
            else invalid.Add(rows[i].Seq);
        }

        if (invalid.Count > 0)
        {
            Problem("corrupt", $"{invalid.Count} rows of the durable queue do not hold a reading signed for {chainId}; dropped");
            _queue.Finish([], invalid);
        }

        var forgotten = new List<Hash32>();
        foreach (var (tx, nonce, seqs) in _queue.Batches())
        {
            var batch = new Batch(tx, nonce, [.. seqs.Where(bySeq.ContainsKey).Select(s => bySeq[s])]);
            var status = _node.GetTxStatus(tx);
            if (status.Committed is { } committed) _judged.Add((batch, Judge(batch, committed)));
            else if (status.State == TxStatus.Pending) _inFlight.Add(batch);
            else
            {
                forgotten.Add(tx);
                continue;
            }

            foreach (var r in batch.Readings) r.Batched = true;
        }

        _queue.DropBatches(forgotten);
        _ready.AddRange(bySeq.Values.Where(r => !r.Batched).OrderBy(r => r.Seq));
        foreach (var r in bySeq.Values) r.Verdict.TrySetResult(IntakeVerdict.Queued);
        if (rows.Count > 0) _log.LogInformation("mqtt gateway: resumed {Readings} queued readings, {Judged} committed transactions to report, {Pending} " +
            "pending", rows.Count, _judged.Count, _inFlight.Count);
    }
}
