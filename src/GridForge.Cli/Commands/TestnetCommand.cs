using System.CommandLine;
using System.Diagnostics;
using GridForge.Node.Home;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge testnet</c>: write a local network of node homes, and <c>testnet run</c> to start them all.</summary>
internal static class TestnetCommand
{
    public static Command Create()
    {
        var validators = new Option<int>("--validators") { Description = "Validator nodes (node0 …)", DefaultValueFactory = _ => 4 };
        var fullNodes = new Option<int>("--full-nodes") { Description = "Full (non-validator) nodes after the validators", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Directory for the network (must be empty or absent)", Required = true };
        var interval = new Option<int>("--block-interval-ms") { Description = "The genesis's auth.block_interval_ms", DefaultValueFactory = _ => 1_000 };
        var chainId = new Option<string>("--chain-id") { Description = "Chain id (not a dev chain id: dev keys are refused)", DefaultValueFactory =
            _ => Testnet.DefaultChainId };
        var testnet = new Command("testnet", "Write a ready local network: node homes, a genesis with the validators bonded, funded accounts' keys, free " +
            "loopback ports; prints each node's API URL")
        {
            validators, fullNodes, output, interval, chainId,
        };
        testnet.SetAction(parse => CliAction.Run(() =>
        {
            var dir = parse.GetValue(output)!;
            IReadOnlyList<Testnet.TestnetNode> nodes;
            try
            {
                nodes = Testnet.Write(dir, new Testnet.Options
                {
                    Validators = parse.GetValue(validators),
                    FullNodes = parse.GetValue(fullNodes),
                    BlockIntervalMs = parse.GetValue(interval),
                    ChainId = parse.GetValue(chainId)!,
                });
            }
            catch (NodeHomeException e)
            {
                throw new CliException(e.Message);
            }

            // stdout: one API URL per node, in node order (scripts read it); the rest goes to stderr.
            foreach (var node in nodes) Console.WriteLine(node.ApiUrl);
            Console.Error.WriteLine($"{nodes.Count(n => n.Validator)} validators, {nodes.Count(n => !n.Validator)} full nodes in {Path.GetFullPath(dir)}; " +
                $"account keys in {Path.Combine(dir, "accounts")}");
            Console.Error.WriteLine($"start them all: gridforge testnet run {dir}   (or one: gridforge node --home {Path.Combine(dir, "node0")})");
            return 0;
        }));

        var runDir = new Argument<string>("DIR") { Description = "A directory written by gridforge testnet" };
        var run = new Command("run", "Start every node of a testnet directory as its own process; Ctrl+C stops them all") { runDir };
        run.SetAction((parse, ct) => CliAction.RunAsync(() => RunAsync(parse.GetValue(runDir)!, ct)));
        testnet.Subcommands.Add(run);
        return testnet;
    }

    private static async Task<int> RunAsync(string dir, CancellationToken ct)
    {
        var homes = Directory.Exists(dir)
            ? Directory.GetDirectories(dir, "node*").Where(d => File.Exists(Path.Combine(d, NodeConfig.FileName)))
                .OrderBy(d => int.TryParse(Path.GetFileName(d)[4..], out var n) ? n : int.MaxValue).ToList()
            : [];
        if (homes.Count == 0) throw new CliException($"{dir} holds no node homes (node0, node1, …): write one with gridforge testnet --out {dir}");
        var children = new List<Process>();
        try
        {
            foreach (var home in homes)
            {
                var name = Path.GetFileName(home);
                // The child's output is a pipe to this process: on a person's terminal it should read as the node's text log
                // would (an operator's own log.format, set in the environment, wins).
                var text = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("GRIDFORGE_LOG__FORMAT") is null;
                var child = SelfProcess.StartNode(home, line => Console.WriteLine($"[{name}] {line}"), line => Console.Error.WriteLine($"[{name}] {line}"),
                    text ? new Dictionary<string, string> { ["GRIDFORGE_LOG__FORMAT"] = "text" } : null);
                children.Add(child);
                var config = NodeConfig.Load(Path.Combine(home, NodeConfig.FileName));
                Console.WriteLine($"[{name}] started (pid {child.Id}), API http://{config.Api.Listen}");
            }

            Console.WriteLine("Ctrl+C stops every node.");
            var exited = children.Select(c => c.WaitForExitAsync(ct)).ToList();
            var first = await Task.WhenAny(exited).ConfigureAwait(false);
            if (!ct.IsCancellationRequested)
            {
                var child = children[exited.IndexOf(first)];
                Console.Error.WriteLine($"a node exited with {child.ExitCode}; stopping the others");
                return 1;
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        finally
        {
            foreach (var child in children)
            {
                try
                {
                    if (!child.HasExited) child.Kill(entireProcessTree: true);
                    await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                }

                child.Dispose();
            }
        }
    }
}
