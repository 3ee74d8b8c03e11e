using System.Text.Json;
using GridForge.Chain;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Api;

/// <summary>Runs one transaction as the next block would, on a copy of the latest durable state, and keeps nothing
/// (<c>POST /api/v1/transactions/simulate</c>, docs/api.md): the same checks and handler as a block, so a refusal found here is
/// the refusal the chain would give — and a client learns it before it pays a fee.</summary>
public static class TransactionSimulator
{
    /// <summary>Simulates <paramref name="tx"/> on <paramref name="state"/> in a block one above it, at <paramref name="now"/> (never
    /// earlier than that state's block). Without a signature (<paramref name="signed"/> false) the signature check is skipped,
    /// everything else runs. A nonce ahead of the sender's next one (earlier transactions still waiting in the mempool) runs as
    /// if its turn had come; one already used is <c>nonce_replayed</c>.</summary>
    public static SimulateResponse Run(ChainNode node, ReadState state, Transaction tx, bool signed, long now)
    {
        var validators = AuthModule.Validators(state).Members;
        var block = new BlockInfo(node.ChainId, checked(state.Height + 1), Math.Max(now, state.Time),
            validators.Count > 0 ? validators[0].Address : tx.Sender);
        // A runtime of its own: the node's modules keep caches (the market's matching engines) that only block production may
        // touch, from its one thread; this one starts empty, rebuilds from the state it is given and is dropped with the copy.
        var runtime = new ChainRuntime(node.ChainId, ChainRuntime.StandardModules());
        var copy = new StateOverlay(state);
        if (tx.Nonce > AuthModule.NextNonce(state, tx.Sender)) AuthModule.SetNextNonce(copy, tx.Sender, tx.Nonce);
        if (!signed) tx.SignatureChecked = true;
        var result = runtime.Apply(copy, block, tx, out var exclusion);
        var events = JsonDocument.Parse(EventJson.Write(result?.Events ?? [])).RootElement.Clone();
        var refusal = result is null ? exclusion : result.Rejection;
        return new SimulateResponse(tx.Id.ToString(), tx.Sender.ToString(), state.Height, block.Time, signed, result is not null,
            result?.Success ?? false, refusal?.Code, refusal?.Message, result is null ? 0 : tx.Fee, events);
    }
}
