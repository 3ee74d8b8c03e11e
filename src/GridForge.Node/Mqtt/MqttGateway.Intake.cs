using System.Buffers;
using System.Threading.Channels;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Mqtt;

/// <summary>Intake: what the gateway checks before it spends anything on a publish, and the durable queue every acknowledged
/// reading is in before its acknowledgement leaves.</summary>
public sealed partial class MqttGateway
{
    // Readings verified and written together: one fsync, and the verifications spread over all cores.
    private const int IntakeChunk = 4_096;

    private readonly Lock _gate = new();
    private readonly Dictionary<ReadingBytes, PendingReading> _held = [];
    private readonly Channel<PendingReading> _intake = Channel.CreateUnbounded<PendingReading>(new UnboundedChannelOptions { SingleReader = true });
    private long _lastSeq;

    /// <summary>Judges one publish. Cheap checks first, none of which costs more than a dictionary lookup (topic, payload, the
    /// meter's registration); a copy of a reading already held shares its verdict; otherwise the reading goes to the intake loop,
    /// which verifies its signature and writes it to the durable queue. The task completes when the publish may be acknowledged
    /// (or must not be: <see cref="IntakeKind.Deferred"/>).</summary>
    internal Task<IntakeVerdict> Offer(string? topic, ReadOnlySequence<byte> payload)
    {
        Stats.CountReceived();
        if (_stop.IsCancellationRequested) return Deferred();
        if (payload.Length > ReadingPayload.MaxBytes) return Dropped(DropCodes.Malformed);
        if (topic is null || !topic.StartsWith(MeterTopics.Prefix, StringComparison.Ordinal)
            || !topic.EndsWith(MeterTopics.ReadingsSuffix, StringComparison.Ordinal))
        {
            return Dropped(DropCodes.BadTopic);
        }

        var reading = payload.IsSingleSegment
            ? ReadingPayload.TryParse(payload.FirstSpan, out var chainId, out var meterText, out _)
            : ReadingPayload.TryParse(payload.ToArray(), out chainId, out meterText, out _);
        if (reading is null) return Dropped(DropCodes.Malformed);
        // The payload's meter is decoded once; the topic must spell the same id.
        meterText ??= reading.Meter.ToString();
        if (!MeterTopics.IsReadingsTopicOf(topic, meterText)) return MeterTopics.MeterOfReadings(topic) is null ? Dropped(DropCodes.BadTopic)
            : Dropped(DropCodes.TopicMismatch);
        if (chainId is not null && chainId != _node.ChainId) return Dropped(DropCodes.WrongChain);
        var record = MeteringQueries.Meter(_node.State, reading.Meter);
        if (record is null) return Dropped(DropCodes.UnknownMeter);
        if (!record.IsActive) return Dropped(DropCodes.RetiredMeter);

        var held = new PendingReading(reading, reading.ToBytes(), meterText);
        lock (_gate)
        {
            if (_held.TryGetValue(new ReadingBytes(held.Bytes), out var copy))
            {
                Stats.CountCopy();
                return copy.Verdict.Task;
            }

            if (_held.Count >= _options.MaxHeld)
            {
                Problem("full", $"the gateway holds {_held.Count:N0} readings, its limit: publishes are not acknowledged until the chain takes some");
                return Deferred();
            }

            _held.Add(new ReadingBytes(held.Bytes), held);
        }

        if (!_intake.Writer.TryWrite(held))
        {
            Forget(held);
            return Deferred();
        }

        return held.Verdict.Task;
    }

    private Task<IntakeVerdict> Dropped(string code)
    {
        Stats.CountDropped(code);
        return Task.FromResult(IntakeVerdict.Drop(code));
    }

    private static Task<IntakeVerdict> Deferred() => Task.FromResult(new IntakeVerdict(IntakeKind.Deferred, DropCodes.QueueFull));

    private void Forget(PendingReading reading)
    {
        lock (_gate) _held.Remove(new ReadingBytes(reading.Bytes));
    }

    /// <summary>Verifies chunks of readings over all cores, answers those the chain's state already decides, writes the rest to
    /// the durable queue in arrival order (so one meter's readings stay in slot order), and only then lets them be acknowledged.</summary>
    private async Task IntakeLoopAsync()
    {
        var chunk = new List<PendingReading>(IntakeChunk);
        var reader = _intake.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            chunk.Clear();
            while (chunk.Count < IntakeChunk && reader.TryRead(out var r)) chunk.Add(r);
            try
            {
                await IntakeAsync(chunk).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The queue could not be written (a full disk): nothing of this chunk is acknowledged.
                Problem("queue", $"the durable queue could not be written: {e.Message}");
                foreach (var r in chunk)
                {
                    if (r.Verdict.Task.IsCompleted) continue;
                    Forget(r);
                    r.Verdict.TrySetResult(new IntakeVerdict(IntakeKind.Deferred, DropCodes.QueueFull));
                }
            }
        }
    }

    private async Task IntakeAsync(List<PendingReading> chunk)
    {
        var chainId = _node.ChainId;
        var valid = new bool[chunk.Count];
        if (chunk.Count < 8)
        {
            for (var i = 0; i < chunk.Count; i++) valid[i] = chunk[i].Reading.Verify(chainId);
        }
        else
        {
            Parallel.For(0, chunk.Count, i => valid[i] = chunk[i].Reading.Verify(chainId));
        }

        var state = _node.State;
        var height = _node.Height;
        var time = _node.Head?.Time ?? _node.GenesisTime;
        var current = GridQueries.SlotAt(state, time).Index;
        var write = new List<PendingReading>(chunk.Count);
        var answers = new List<(string, byte[])>();
        for (var i = 0; i < chunk.Count; i++)
        {
            var r = chunk[i];
            if (!valid[i])
            {
                Forget(r);
                Stats.CountDropped(DropCodes.BadSignature);
                r.Verdict.TrySetResult(IntakeVerdict.Drop(DropCodes.BadSignature));
                continue;
            }

            // A slot more than one ahead of the chain has not ended anywhere: held, it would only fill the queue.
            var refusal = MeteringQueries.FinalRefusal(state, r.Reading, time) ?? (r.Reading.Slot.Index > current + 1
                ? new Runtime.Rejection(MeteringCodes.OutsideWindow, $"slot {r.Reading.Slot} has not ended: the chain is in slot {current}")
                : null);
            if (refusal is not null)
            {
                Forget(r);
                Stats.CountAnswered(refusal.Code);
                answers.Add((MeterTopics.Outcomes(r.MeterText),
                    ReadingOutcomeMessage.Format(r.MeterText, r.Reading.Slot, new ReadingOutcome(false, refusal.Code, refusal.Message), height, null)));
                r.Verdict.TrySetResult(new IntakeVerdict(IntakeKind.Answered, refusal.Code));
                continue;
            }

            r.Seq = ++_lastSeq;
            write.Add(r);
        }

        if (write.Count > 0)
        {
            _queue.Append([.. write.Select(r => (r.Seq, r.Bytes))]);
            Stats.CountQueued(write.Count);
            lock (_gate) _ready.AddRange(write);
            foreach (var r in write) r.Verdict.TrySetResult(IntakeVerdict.Queued);
            Wake();
        }

        // Best effort: the meter may ask again (a copy of a reading on chain is answered the same way); none once stopping.
        if (answers.Count > 0 && !_stop.IsCancellationRequested)
        {
            try
            {
                if (await _sink.PublishAsync(answers, _stop.Token).ConfigureAwait(false)) Stats.CountOutcomes(answers.Count);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>On shutdown: what was never written is not acknowledged.</summary>
    private void DeferUnwritten()
    {
        while (_intake.Reader.TryRead(out var r)) r.Verdict.TrySetResult(new IntakeVerdict(IntakeKind.Deferred, DropCodes.QueueFull));
    }
}
