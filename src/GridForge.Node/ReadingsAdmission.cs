using GridForge.Chain;
using GridForge.Runtime;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;

namespace GridForge.Node;

/// <summary>The node's admission path for batches of signed readings, shared by <c>POST /api/v1/metering/readings</c> and the
/// MQTT gateway: the senders' signatures in parallel, then every batch's reading signatures over all cores (one batch after
/// another rather than nested parallel loops), then admission to the mempool in order — so that by the time a block runs them
/// the verdicts are ready, and block production overlaps with the next request's verification.</summary>
public static class ReadingsAdmission
{
    /// <summary>The code of a transaction that does not carry a <c>metering.submit_readings</c> message.</summary>
    public const string NotAReadingsBatch = "not_a_readings_batch";

    /// <summary>One result per transaction, in order.</summary>
    public static SubmitResult[] Admit(ChainNode node, IReadOnlyList<Transaction> txs)
    {
        var refused = new Rejection?[txs.Count];
        Parallel.For(0, txs.Count, i => refused[i] = txs[i].Message is SubmitReadingsMessage
            ? node.Runtime.CheckStateless(txs[i])
            : new Rejection(NotAReadingsBatch, "this path takes metering.submit_readings transactions; submit others to /api/v1/transactions"));
        for (var i = 0; i < txs.Count; i++)
        {
            if (refused[i] is null) ((SubmitReadingsMessage)txs[i].Message).PreVerify(node.ChainId);
        }

        var results = new SubmitResult[txs.Count];
        for (var i = 0; i < txs.Count; i++) results[i] = refused[i] is { } r ? new SubmitResult(txs[i].Id, r) : node.Submit(txs[i]);
        return results;
    }
}
