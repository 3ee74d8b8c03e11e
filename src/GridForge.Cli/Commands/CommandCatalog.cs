using System.CommandLine;

namespace GridForge.Cli.Commands;

/// <summary>Every top-level command of the `gridforge` CLI, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield break;
    }
}
