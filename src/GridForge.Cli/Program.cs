using System.CommandLine;
using GridForge.Cli.Commands;

var root = new RootCommand("gridforge — a node for a peer-to-peer energy market");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

root.Options.Add(TxCommand.ForceOption);
var parsed = root.Parse(args);
TxCommand.Force = parsed.GetValue(TxCommand.ForceOption);
return await parsed.InvokeAsync();
