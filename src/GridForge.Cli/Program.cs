using System.CommandLine;
using GridForge.Cli.Commands;

var root = new RootCommand("gridforge — a node for a peer-to-peer energy market");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
