using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Chain.Mempool;

/// <summary>What a pool rule sees of the mempool when a transaction asks in: whether it is already waiting, the pool's
/// count and bytes, how many of its sender's transactions wait, and (asked only by the rule that needs it) the nonce the
/// transaction must carry — one past the sender's last waiting transaction, or the committed next nonce.</summary>
public readonly record struct PoolView(bool Waiting, int Count, long Bytes, int SenderPending, Func<ulong> ExpectedNonce);

/// <summary>One small admission rule: a refusal with its stable code, or null to let the next rule look. Rules run under the
/// pool's lock, in order, so that two transactions of one sender cannot both pass for the same nonce.</summary>
public interface IPoolRule
{
    Rejection? Check(Transaction tx, in PoolView pool);
}

/// <summary>Mempool admission as an ordered list of small rules (as Nethermind's TxPool filters): the cheapest refusals
/// first, the state's last. <see cref="ChainNode"/> runs the runtime's stateless checks (format, chain id, expiry, fee,
/// signature — verified once, in parallel for a batch) before the pool is locked, then <see cref="Standard"/> in this
/// order; the first refusal is the answer (docs/architecture.md, "Mempool").</summary>
public static class AdmissionRules
{
    /// <summary>The node's rules: already waiting, pool full, sender's quota full, then the state's checks.</summary>
    public static IReadOnlyList<IPoolRule> Standard(int maxCount, long maxBytes, int maxPerAccount, ChainRuntime runtime, IState state,
        Func<ulong> nextHeight) =>
    [
        new NotWaiting(),
        new PoolHasRoom(maxCount, maxBytes),
        new SenderHasRoom(maxPerAccount),
        new StateAllows(runtime, state, nextHeight),
    ];

    /// <summary>The refusal of a transaction that is already waiting (also given before its signature is checked).</summary>
    public static readonly Rejection AlreadyWaiting = new(RejectionCodes.Duplicate, "this transaction is already waiting for a block");

    /// <summary><c>duplicate</c>: the same transaction is already waiting.</summary>
    public sealed class NotWaiting : IPoolRule
    {
        public Rejection? Check(Transaction tx, in PoolView pool) => pool.Waiting ? AlreadyWaiting : null;
    }

    /// <summary><c>mempool_full</c>: the pool holds its most transactions or bytes.</summary>
    public sealed class PoolHasRoom(int maxCount, long maxBytes) : IPoolRule
    {
        public Rejection? Check(Transaction tx, in PoolView pool) =>
            pool.Count >= maxCount || pool.Bytes + tx.Encoded.Length > maxBytes
                ? new Rejection(RejectionCodes.MempoolFull, "the node's mempool is full; retry later")
                : null;
    }

    /// <summary><c>mempool_full</c>: the sender already has its most transactions waiting (one account cannot fill the pool).</summary>
    public sealed class SenderHasRoom(int maxPerAccount) : IPoolRule
    {
        public Rejection? Check(Transaction tx, in PoolView pool) =>
            pool.SenderPending >= maxPerAccount
                ? new Rejection(RejectionCodes.MempoolFull, $"the sender already has {pool.SenderPending} transactions waiting; retry later")
                : null;
    }

    /// <summary>The runtime's stateful checks against the latest state for the next block: the nonce (gap-free after the
    /// sender's waiting ones), the fee payable, the message's own checks (<see cref="ChainRuntime.CheckStateful"/>).</summary>
    public sealed class StateAllows(ChainRuntime runtime, IState state, Func<ulong> nextHeight) : IPoolRule
    {
        public Rejection? Check(Transaction tx, in PoolView pool) => runtime.CheckStateful(state, tx, nextHeight(), pool.ExpectedNonce());
    }
}
