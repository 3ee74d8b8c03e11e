using System.Text.RegularExpressions;

namespace GridForge.Consensus.Tests;

/// <summary>The core is a pure state machine (issue 16, DESIGN §3): no floating point, clock, thread, randomness or I/O
/// anywhere in its source.</summary>
public sealed partial class DeterminismGuardTests
{
    [GeneratedRegex(@"\b(float|double|decimal|Half|DateTime|DateTimeOffset|Stopwatch|TimeProvider|Random|RandomNumberGenerator|TickCount64|TickCount|NewGuid|" +
        @"Thread|Task|Parallel|File|Directory|Stream|Socket|Console|Environment)\b")]
    private static partial Regex Impure();

    [Fact]
    public void ConsensusSource_UsesNoFloatingPointClockThreadsRandomnessOrIo()
    {
        var source = Repository.PathOf("src", "GridForge.Consensus");
        var offences = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(source, f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && Impure().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.Empty(offences);
    }
}
