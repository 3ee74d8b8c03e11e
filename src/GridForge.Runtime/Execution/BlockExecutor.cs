using GridForge.Consensus.Evidence;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Execution;

/// <summary>The outcome of running a block's evidence and transactions over a state: the changes (an overlay, not yet applied to
/// the committed state; null when the block ran straight on a caller's state), what was included with its results, what was left
/// out and why, and the events of the evidence and the end-of-block hooks.</summary>
public sealed record BlockExecution(
    StateOverlay? Changes,
    IReadOnlyList<DuplicateVoteEvidence> EvidenceIncluded,
    IReadOnlyList<(DuplicateVoteEvidence Evidence, Rejection Reason)> EvidenceExcluded,
    IReadOnlyList<Transaction> Included,
    IReadOnlyList<TxResult> Results,
    IReadOnlyList<(Transaction Tx, Rejection Reason)> Excluded,
    IReadOnlyList<Event> EndBlockEvents)
{
    /// <summary>The block's writes in key order, to stage, store and publish.</summary>
    public IReadOnlyList<KeyValuePair<StateKey, byte[]?>> SortedWrites() =>
        (Changes ?? throw new InvalidOperationException("this block ran on its caller's state; there is nothing to apply")).SortedWrites();

    /// <summary>Applies the changes to <paramref name="state"/> and returns its new root.</summary>
    public Hash32 CommitTo(StateStore state) => state.Apply(SortedWrites());
}

/// <summary>How <see cref="BlockExecutor"/> fills a block. The defaults are a verifier's: everything given, in order.</summary>
public sealed record BlockLimits
{
    public static readonly BlockLimits None = new();

    /// <summary>Most transactions to include.</summary>
    public int MaxTxs { get; init; } = int.MaxValue;

    /// <summary>Most bytes of transactions to include; the first one past it ends the block.</summary>
    public long MaxBytes { get; init; } = long.MaxValue;

    /// <summary>Whether a sender's later transactions are still tried after one of its transactions was left out. A proposer
    /// skips them (they would carry a nonce gap, and stay in its mempool for a later block); tests that offer any
    /// sequence of transactions and want each one's outcome keep trying them.</summary>
    public bool TrySenderAfterExclusion { get; init; }

    /// <summary>A proposer's own reason to end its block before the limits above (on a network validator: the time it gives
    /// a proposal's execution, so that the validators judging it can do so within the round's timeouts). Asked before each
    /// candidate once the block holds one transaction; true ends the block. Which transactions a proposer includes is its own
    /// choice and never part of a block's validity: a verifier runs every transaction of the block and sets none.</summary>
    public Func<bool>? Enough { get; init; }

    /// <summary>Where the end-of-block events go, module by module, instead of into <see cref="BlockExecution.EndBlockEvents"/>
    /// (<see cref="ChainRuntime.EndBlock"/>).</summary>
    public Action<Event>? EndBlockSink { get; init; }
}

/// <summary>The one block runner (issue 15): a block's evidence first (each piece punishes its offender, or is refused),
/// then its transactions, then the end-of-block hooks, on one overlay of the committed state. Block production (which leaves
/// out what cannot be included), <c>chain verify</c> and consensus's check of a proposal (where nothing may be left out),
/// the simulator and every test chain run blocks through it.</summary>
public static class BlockExecutor
{
    /// <summary>Most pieces of evidence one block carries.</summary>
    public const int MaxEvidence = 64;

    /// <summary>Runs the evidence, then <paramref name="candidates"/> in order until <paramref name="maxTxs"/> are included, the
    /// next one would take the block's transactions past <paramref name="maxBytes"/>, or <paramref name="enough"/> says so
    /// (<see cref="BlockLimits.Enough"/>), then the end-of-block hooks.</summary>
    public static BlockExecution Execute(ChainRuntime runtime, IState committed, BlockInfo block, IEnumerable<DuplicateVoteEvidence> evidence,
        IEnumerable<Transaction> candidates, int maxTxs, long maxBytes = long.MaxValue, Func<bool>? enough = null) =>
        Execute(runtime, new StateOverlay(committed), block, evidence, candidates, new BlockLimits { MaxTxs = maxTxs, MaxBytes = maxBytes, Enough = enough });

    /// <summary>Runs <paramref name="txs"/> (and no evidence) over <paramref name="committed"/>: a test's or a tool's block.</summary>
    public static BlockExecution Execute(ChainRuntime runtime, IState committed, BlockInfo block, IEnumerable<Transaction> txs, BlockLimits? limits = null) =>
        Execute(runtime, new StateOverlay(committed), block, [], txs, limits ?? BlockLimits.None);

    /// <summary>Runs a block on <paramref name="state"/>: an overlay of the committed state (a node's block, which it can still
    /// drop; the result's <see cref="BlockExecution.Changes"/>), or the caller's own state written in place (the simulator, which
    /// never drops a block; refusals and failed items are still taken back exactly, <see cref="IRevertibleState"/>).</summary>
    public static BlockExecution Execute(ChainRuntime runtime, IRevertibleState state, BlockInfo block, IEnumerable<DuplicateVoteEvidence> evidence,
        IEnumerable<Transaction> candidates, BlockLimits limits)
    {
        long bytes = 0;
        var events = new List<Event>();
        var evidenceIncluded = new List<DuplicateVoteEvidence>();
        var evidenceExcluded = new List<(DuplicateVoteEvidence, Rejection)>();
        foreach (var e in evidence)
        {
            if (evidenceIncluded.Count >= MaxEvidence) break;
            if (runtime.ApplyEvidence(state, block, e, events) is { } refused) evidenceExcluded.Add((e, refused));
            else evidenceIncluded.Add(e);
        }

        var included = new List<Transaction>();
        var results = new List<TxResult>();
        var excluded = new List<(Transaction, Rejection)>();
        var blockedSenders = new HashSet<Address>();
        foreach (var tx in candidates)
        {
            if (included.Count >= limits.MaxTxs || bytes + tx.Encoded.Length > limits.MaxBytes) break;
            if (included.Count > 0 && limits.Enough is { } enough && enough()) break;
            if (blockedSenders.Contains(tx.Sender)) continue;
            var result = runtime.Apply(state, block, tx, out var exclusion);
            if (result is null)
            {
                excluded.Add((tx, exclusion!));
                // Later transactions of this sender would carry a nonce gap.
                if (!limits.TrySenderAfterExclusion) blockedSenders.Add(tx.Sender);
                continue;
            }

            included.Add(tx);
            results.Add(result);
            bytes += tx.Encoded.Length;
        }

        events.AddRange(runtime.EndBlock(state, block, limits.EndBlockSink));
        return new BlockExecution(state as StateOverlay, evidenceIncluded, evidenceExcluded, included, results, excluded, events);
    }
}
