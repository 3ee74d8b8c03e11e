namespace GridForge.Matching.Replay;

/// <summary>Why a replay stopped: the 1-based input line (0 when the problem is not a line) and a sentence.</summary>
/// <param name="Line">1-based line number of the malformed input line, or 0.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ReplayFailure(int Line, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
