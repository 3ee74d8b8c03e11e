namespace GridForge.Cli;

/// <summary>A user error: printed as one line, exit code 2 (1 is reserved for a negative answer such as `invalid`).</summary>
internal sealed class CliException(string message, int exitCode = 2, string? code = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The node's problem code when the node refused the request (<c>nonce_replayed</c>, <c>not_found</c>, …).</summary>
    public string? Code { get; } = code;
}
