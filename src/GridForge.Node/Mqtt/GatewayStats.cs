using System.Collections.Concurrent;

namespace GridForge.Node.Mqtt;

/// <summary>What the gateway has done since it started, for <c>GET /api/v1/mqtt</c>: counters only grow.</summary>
public sealed class GatewayStats
{
    private long _received, _queued, _copies, _answered, _transactions, _accepted, _refused, _outcomes;

    /// <summary>Publishes on a readings topic (or, on the embedded broker, any topic).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Readings written to the durable queue.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Copies of a reading the gateway already held (a retransmission): acknowledged, not queued again.</summary>
    public long Copies => Interlocked.Read(ref _copies);

    /// <summary>Readings answered without a transaction (already on chain, or their window closed).</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Batch transactions admitted to the mempool.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Readings the chain accepted, and refused, through the gateway's transactions.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Outcome messages published.</summary>
    public long Outcomes => Interlocked.Read(ref _outcomes);

    /// <summary>Publishes dropped without cost, by code (<see cref="DropCodes"/>).</summary>
    public ConcurrentDictionary<string, long> Dropped { get; } = new(StringComparer.Ordinal);

    /// <summary>Readings refused by the chain or answered at once, by code.</summary>
    public ConcurrentDictionary<string, long> RefusedByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>The last problem the gateway met (a refused transaction, an unreachable broker), or null.</summary>
    public string? LastProblem { get; set; }

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountQueued(int n) => Interlocked.Add(ref _queued, n);

    internal void CountCopy() => Interlocked.Increment(ref _copies);

    internal void CountTransactions(int n) => Interlocked.Add(ref _transactions, n);

    internal void CountOutcomes(int n) => Interlocked.Add(ref _outcomes, n);

    internal void CountDropped(string code) => Dropped.AddOrUpdate(code, 1, (_, n) => n + 1);

    internal void CountAnswered(string code)
    {
        Interlocked.Increment(ref _answered);
        RefusedByCode.AddOrUpdate(code, 1, (_, n) => n + 1);
    }

    internal void CountJudged(bool accepted, string? code)
    {
        if (accepted)
        {
            Interlocked.Increment(ref _accepted);
            return;
        }

        Interlocked.Increment(ref _refused);
        RefusedByCode.AddOrUpdate(code ?? "unknown", 1, (_, n) => n + 1);
    }
}
