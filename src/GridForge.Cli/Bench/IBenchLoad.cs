using GridForge.Cli.Commands;
using Spectre.Console;

namespace GridForge.Cli.Bench;

/// <summary>One load of <c>gridforge bench</c>: it prepares what it needs (untimed), runs its timed window and returns its
/// figures. The loads print nothing but progress notes; <see cref="BenchHarness"/> prints the report.</summary>
internal interface IBenchLoad
{
    Task<BenchReport> RunAsync(CancellationToken ct);
}

/// <summary>Runs a bench load and prints its report (the table, then the one <c>RESULT</c> line scripts read); the exit code
/// is the report's. A load's constructor checks its options, so a wrong one is a one-line error like any command's.</summary>
internal static class BenchHarness
{
    public static Task<int> RunAsync(Func<IBenchLoad> load, CancellationToken ct) => CliAction.RunAsync(async () =>
    {
        var report = await load().RunAsync(ct).ConfigureAwait(false);
        report.Write();
        return report.ExitCode;
    });

    /// <summary>A grey progress line (setup, untimed phases).</summary>
    public static void Note(string markup) => AnsiConsole.MarkupLine($"[grey]{markup}[/]");

    /// <summary>"N cores", as each load's first note ends.</summary>
    public static string Cores => $"{Environment.ProcessorCount} cores";

    /// <summary>A fresh directory for a bench's chain in the temp folder (one per process and bench).</summary>
    public static string TempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gridforge-bench-{name}-{Environment.ProcessId}");
        if (Directory.Exists(path)) Directory.Delete(path, true);
        return path;
    }

    /// <summary>Polls <paramref name="done"/> every 20 ms until it holds or <paramref name="timeout"/> has passed since
    /// <paramref name="since"/> started; true when it holds.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> done, System.Diagnostics.Stopwatch since, TimeSpan timeout, CancellationToken ct)
    {
        while (!done())
        {
            if (since.Elapsed >= timeout) return false;
            await Task.Delay(20, ct).ConfigureAwait(false);
        }

        return true;
    }
}
