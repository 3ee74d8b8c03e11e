using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Chain.Production;

/// <summary>The outcome of running a block's transactions over a state.</summary>
public sealed record BlockExecution(
    StateOverlay Changes,
    IReadOnlyList<Transaction> Included,
    IReadOnlyList<TxResult> Results,
    IReadOnlyList<(Transaction Tx, Rejection Reason)> Excluded,
    IReadOnlyList<Event> EndBlockEvents);

/// <summary>Runs transactions through the runtime for one block; the same code serves block production
/// (which leaves out what cannot be included) and verification (where nothing may be left out).</summary>
public static class BlockExecutor
{
    /// <summary>Runs <paramref name="candidates"/> in order until <paramref name="maxTxs"/> are included or the next one would
    /// take the block's transactions past <paramref name="maxBytes"/>.</summary>
    public static BlockExecution Execute(ChainRuntime runtime, IState committed, BlockInfo block, IEnumerable<Transaction> candidates, int maxTxs, long maxBytes = long.MaxValue)
    {
        long bytes = 0;
        var overlay = new StateOverlay(committed);
        var included = new List<Transaction>();
        var results = new List<TxResult>();
        var excluded = new List<(Transaction, Rejection)>();
        var blockedSenders = new HashSet<Core.Primitives.Address>();
        foreach (var tx in candidates)
        {
            if (included.Count >= maxTxs || bytes + tx.Encoded.Length > maxBytes) break;
            if (blockedSenders.Contains(tx.Sender)) continue;
            var result = runtime.Apply(overlay, block, tx, out var exclusion);
            if (result is null)
            {
                excluded.Add((tx, exclusion!));
                // Later transactions of this sender would carry a nonce gap.
                blockedSenders.Add(tx.Sender);
                continue;
            }

            included.Add(tx);
            results.Add(result);
            bytes += tx.Encoded.Length;
        }

        var endEvents = runtime.EndBlock(overlay, block);
        return new BlockExecution(overlay, included, results, excluded, endEvents);
    }
}
