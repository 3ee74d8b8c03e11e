using System.CommandLine;
using GridForge.Chain.Verification;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge chain verify</c>.</summary>
internal static class ChainCommand
{
    public static Command Create()
    {
        var chain = new Command("chain", "Inspect and check a node's chain data");
        var data = new Option<string>("--data") { Description = "The node's data directory", Required = true };
        var verify = new Command("verify", "Re-execute every block from genesis and check every header; prints OK HEIGHT or the first bad height") { data };
        verify.SetAction(parse => CliAction.Run(() =>
        {
            var report = ChainVerifier.Verify(parse.GetValue(data)!);
            if (report.Ok)
            {
                Console.WriteLine($"OK {report.Height}");
                return 0;
            }

            Console.WriteLine($"BAD {report.Height}: {report.Error}");
            return 1;
        }));
        chain.Subcommands.Add(verify);
        return chain;
    }
}
