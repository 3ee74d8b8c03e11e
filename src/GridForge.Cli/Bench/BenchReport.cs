using System.Globalization;
using Spectre.Console;

namespace GridForge.Cli.Bench;

/// <summary>A bench's figures: the rows of its table (Spectre markup) and the fields of its one <c>RESULT name=value …</c> line
/// (invariant culture, so scripts and the README read the same digits everywhere).</summary>
internal sealed class BenchReport
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _result = [];

    /// <summary>The table's header; a third column ("target") when the rows carry one.</summary>
    public string[] Columns { get; init; } = ["figure", "value"];

    /// <summary>The process exit code: 0 when the run did all it should (every transaction committed, every check held).</summary>
    public int ExitCode { get; set; }

    public IReadOnlyList<string[]> Rows => _rows;

    public string ResultLine => "RESULT " + string.Join(' ', _result);

    public BenchReport Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    /// <summary>A headline figure: name and value in bold, and a note after the value (a target) when given.</summary>
    public BenchReport Headline(string figure, string value, string note = "") =>
        Row($"[bold]{figure}[/]", $"[bold]{value}[/]" + (note.Length == 0 ? "" : "   " + note));

    /// <summary>The rows of a bench that submits to a node and waits for the commits: blocks, submission time, time to last commit.</summary>
    public BenchReport Timing(ulong blocks, double submitSeconds, double seconds) =>
        Row("blocks", $"{blocks:N0}").Row("submission time", $"{submitSeconds:F2} s").Row("time to last commit", $"{seconds:F2} s");

    /// <summary>A field of the RESULT line, the value formatted with <paramref name="format"/> in the invariant culture.</summary>
    public BenchReport Result(string name, IFormattable value, string? format = null) =>
        Result(name, value.ToString(format, CultureInfo.InvariantCulture));

    public BenchReport Result(string name, string value)
    {
        if (name.Contains(' ', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException($"a RESULT field is one word: {name}={value}");
        }

        _result.Add($"{name}={value}");
        return this;
    }

    /// <summary>The fields of a RESULT line another process printed, in its order.</summary>
    public static IReadOnlyList<(string Name, string Value)> ParseResult(string output)
    {
        var line = output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new CliException($"no RESULT line in: {output}");
        return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => f.Split('=', 2)).Select(kv => (kv[0], kv[1]))];
    }

    /// <summary>The table (when there are rows), then the RESULT line.</summary>
    public void Write()
    {
        if (_rows.Count > 0)
        {
            var table = new Table().AddColumns(Columns);
            foreach (var row in _rows) table.AddRow([.. row, .. Enumerable.Repeat("", Math.Max(0, Columns.Length - row.Length))]);
            AnsiConsole.Write(table);
        }

        Console.WriteLine(ResultLine);
    }
}
