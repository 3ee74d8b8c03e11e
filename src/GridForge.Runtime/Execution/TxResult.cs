using GridForge.Core.Primitives;

namespace GridForge.Runtime.Execution;

/// <summary>The outcome of one transaction in a block: success, or the rejection of its message (the fee
/// is paid and the nonce used either way).</summary>
public sealed record TxResult(Hash32 TxId, Rejection? Rejection, IReadOnlyList<Event> Events)
{
    public bool Success => Rejection is null;
}
