using GridForge.Consensus.Evidence;
using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Chain.Production;

/// <summary>The outcome of running a block's evidence and transactions over a state.</summary>
public sealed record BlockExecution(
    StateOverlay Changes,
    IReadOnlyList<DuplicateVoteEvidence> EvidenceIncluded,
    IReadOnlyList<(DuplicateVoteEvidence Evidence, Rejection Reason)> EvidenceExcluded,
    IReadOnlyList<Transaction> Included,
    IReadOnlyList<TxResult> Results,
    IReadOnlyList<(Transaction Tx, Rejection Reason)> Excluded,
    IReadOnlyList<Event> EndBlockEvents);

/// <summary>Runs one block through the runtime: its evidence first (each piece punishes its offender, or is refused),
/// then its transactions, then the end-of-block hooks. The same code serves block production (which leaves out what
/// cannot be included) and verification (where nothing may be left out).</summary>
public static class BlockExecutor
{
    /// <summary>Runs the evidence, then <paramref name="candidates"/> in order until <paramref name="maxTxs"/> are included or
    /// the next one would take the block's transactions past <paramref name="maxBytes"/>, then the end-of-block hooks.</summary>
    public static BlockExecution Execute(ChainRuntime runtime, IState committed, BlockInfo block, IEnumerable<DuplicateVoteEvidence> evidence,
        IEnumerable<Transaction> candidates, int maxTxs, long maxBytes = long.MaxValue)
    {
        long bytes = 0;
        var overlay = new StateOverlay(committed);
        var events = new List<Event>();
        var evidenceIncluded = new List<DuplicateVoteEvidence>();
        var evidenceExcluded = new List<(DuplicateVoteEvidence, Rejection)>();
        foreach (var e in evidence)
        {
            if (evidenceIncluded.Count >= Blocks.Block.MaxEvidence) break;
            if (runtime.ApplyEvidence(overlay, block, e, events) is { } refused) evidenceExcluded.Add((e, refused));
            else evidenceIncluded.Add(e);
        }

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

        events.AddRange(runtime.EndBlock(overlay, block));
        return new BlockExecution(overlay, evidenceIncluded, evidenceExcluded, included, results, excluded, events);
    }
}
