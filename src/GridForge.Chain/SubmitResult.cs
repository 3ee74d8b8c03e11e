using GridForge.Core.Primitives;
using GridForge.Runtime;

namespace GridForge.Chain;

/// <summary>What became of a submitted transaction: admitted to the mempool (with its id) or refused.</summary>
public sealed record SubmitResult(Hash32? TxId, Rejection? Rejection)
{
    public bool Accepted => Rejection is null;
}
