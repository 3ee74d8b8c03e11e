using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace GridForge.Chain.Mempool;

/// <summary>Transactions admission let into the mempool, and those it refused by rejection code, since the node started:
/// what operators' metrics read. A batch adds its admitted count once; only refusals are counted one by one.</summary>
public sealed class AdmissionCounts
{
    // Codes are the runtime's stable rejection codes (a fixed set), never anything a sender chooses.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _refused = new(StringComparer.Ordinal);
    private long _admitted;

    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Each rejection code seen so far with its count.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Refused() =>
        [.. _refused.Select(kv => new KeyValuePair<string, long>(kv.Key, Interlocked.Read(ref kv.Value.Value)))];

    public SubmitResult Count(SubmitResult result)
    {
        if (result.Rejection is { } r) Refuse(r.Code);
        else Interlocked.Increment(ref _admitted);
        return result;
    }

    public void Count(IReadOnlyList<SubmitResult> results)
    {
        var admitted = 0;
        foreach (var result in results)
        {
            if (result.Rejection is { } r) Refuse(r.Code);
            else admitted++;
        }

        Interlocked.Add(ref _admitted, admitted);
    }

    private void Refuse(string code) => Interlocked.Increment(ref _refused.GetOrAdd(code, _ => new StrongBox<long>()).Value);
}
