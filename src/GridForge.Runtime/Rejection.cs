namespace GridForge.Runtime;

/// <summary>Why a transaction or message was refused: a stable machine-readable code and a sentence for people.</summary>
public sealed record Rejection(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
