namespace GridForge.Cli;

/// <summary>A user error: printed as one line, exit code 2 (1 is reserved for a negative answer such as `invalid`).</summary>
internal sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
