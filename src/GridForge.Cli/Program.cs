using System.CommandLine;
using GridForge.Cli.Commands;

var root = new RootCommand("gridforge — a node for a peer-to-peer energy market");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

root.Options.Add(TxCommand.ForceOption);
GridForge.Cli.ConsoleWidth.Apply();
var parsed = root.Parse(args);
TxCommand.Force = parsed.GetValue(TxCommand.ForceOption);
// SIGTERM or Ctrl+C cancels the command's token; a node then finishes its block in progress and closes its store, which
// may take longer than System.CommandLine's default 2 seconds before it gives up on the command.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
