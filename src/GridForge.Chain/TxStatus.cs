using GridForge.Chain.Storage;
using GridForge.Runtime;

namespace GridForge.Chain;

/// <summary>Where a transaction stands: pending in the mempool, committed at a height (with its
/// message's outcome), rejected before inclusion, or unknown to this node.</summary>
public sealed record TxStatus(string State, StoredTxResult? Committed, Rejection? Rejection)
{
    public const string Pending = "pending";
    public const string CommittedState = "committed";
    public const string Rejected = "rejected";
    public const string Unknown = "unknown";
}
