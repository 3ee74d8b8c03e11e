namespace GridForge.Node.Bank;

/// <summary>What became of a submitted transaction: committed at a height (with its message's rejection code, if
/// any), or refused before inclusion (no height).</summary>
public sealed record ChainOutcome(string TxHash, ulong? Height, string? Code, string? Message)
{
    public bool Committed => Height is not null;

    public bool Succeeded => Committed && Code is null;
}
