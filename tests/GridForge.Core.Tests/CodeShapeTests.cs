using System.Text.RegularExpressions;

namespace GridForge.Core.Tests;

/// <summary>The code's shape the build cannot check: every C# line fits the <c>max_line_length</c> that .editorconfig
/// sets for <c>*.cs</c> (editors wrap at it; a review reads it side by side).</summary>
public sealed partial class CodeShapeTests
{
    [Fact]
    public void EveryCSharpLine_FitsTheEditorconfigMaxLineLength()
    {
        var limit = MaxLineLength();
        var tooLong = new List<string>();
        foreach (var root in new[] { "src", "tests", "bench" })
        {
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf(root), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Repository.Root, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Length > limit) tooLong.Add($"{relative}:{i + 1} ({lines[i].Length} characters)");
                }
            }
        }

        Assert.True(tooLong.Count == 0, $"{tooLong.Count} lines are longer than {limit} characters:\n" + string.Join('\n', tooLong.Take(30)));
    }

    [Fact]
    public void TheEditorconfig_SetsAMaxLineLengthForCSharp() => Assert.InRange(MaxLineLength(), 100, 200);

    private static int MaxLineLength()
    {
        var section = string.Empty;
        foreach (var line in File.ReadLines(Repository.PathOf(".editorconfig")))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[')) section = trimmed;
            else if (section == "[*.cs]" && MaxLine()
                .Match(trimmed) is { Success: true } m) return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        throw new InvalidDataException(".editorconfig sets no max_line_length for [*.cs]");
    }

    [GeneratedRegex(@"^max_line_length\s*=\s*(\d+)$")]
    private static partial Regex MaxLine();
}
