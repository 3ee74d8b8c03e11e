using System.CommandLine;
using System.Text;
using GridForge.Matching;
using GridForge.Matching.Replay;

namespace GridForge.Cli.Commands;

/// <summary>`gridforge market`: the matching engine on its own; `market replay` runs one slot's order stream through it.</summary>
internal static class MarketCommand
{
    /// <summary>Exit code of a replay stopped by a malformed input line.</summary>
    public const int MalformedInput = 1;

    /// <summary>Exit code when a file cannot be read or the grid file is invalid.</summary>
    public const int BadFile = 2;

    public static Command Create()
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "The slot's orders, one JSON object per line (order, cancel, amend).",
            Required = true,
        };
        var grid = new Option<FileInfo?>("--grid")
        {
            Description = "The grid (zones, links, fees, capacities, price limit); without it one zone Z0, local fee 0.",
        };
        var replay = new Command("replay", "Run one slot's order stream through the matching engine and print its events as JSON lines, the final book last.");
        replay.Options.Add(input);
        replay.Options.Add(grid);
        replay.SetAction(parseResult =>
        {
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
            return Replay(parseResult.GetValue(input)!, parseResult.GetValue(grid), stdout, Console.Error);
        });

        var market = new Command("market", "The continuous double auction: replay order streams through the matching engine.");
        market.Subcommands.Add(replay);
        return market;
    }

    /// <summary>Replays <paramref name="input"/> into <paramref name="output"/>; problems go to <paramref name="error"/> and the exit code.</summary>
    internal static int Replay(FileInfo input, FileInfo? gridFile, TextWriter output, TextWriter error)
    {
        MarketGrid? grid = null;
        try
        {
            if (gridFile is not null && !GridFile.TryParse(File.ReadAllText(gridFile.FullName), out grid, out var problem))
            {
                error.WriteLine($"error: {gridFile.Name}: {problem}");
                return BadFile;
            }

            using var reader = new StreamReader(input.FullName, Encoding.UTF8);
            var failure = MarketReplay.Run(reader, output, grid);
            output.Flush();
            if (failure is not null)
            {
                error.WriteLine($"error: {input.Name}: {failure}");
                return MalformedInput;
            }

            return 0;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadFile;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadFile;
        }
    }
}
