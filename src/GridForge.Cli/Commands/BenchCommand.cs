using System.CommandLine;
using System.Diagnostics;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge bench tps|state</c>: load generators that print their figures next to the machine's limits.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure the node on this machine");

        var accounts = new Option<int>("--accounts") { Description = "Sending accounts", DefaultValueFactory = _ => 2_000 };
        var perAccount = new Option<int>("--per-account") { Description =
            "Transfers each account sends (default 150: 300,000 in all, long enough that the first and last block intervals weigh little)",
                DefaultValueFactory = _ => 150 };
        var batch = new Option<int>("--batch") { Description = "Transactions per API batch", DefaultValueFactory = _ => 2_000 };
        var clients = new Option<int>("--clients") { Description = "Concurrent submitting clients", DefaultValueFactory = _ => 2 };
        var tps = new Command("tps", "Flood a dev node with signed transfers through the REST API; print committed tx/s beside this machine's Ed25519 " +
            "verification rate")
            { accounts, perAccount, batch, clients };
        tps.SetAction((parse, ct) => CliAction.RunAsync(() =>
            RunTps(parse.GetValue(accounts), parse.GetValue(perAccount), parse.GetValue(batch), parse.GetValue(clients), ct)));
        bench.Subcommands.Add(tps);

        var stateAccounts = new Option<int>("--accounts") { Description = "Funded accounts", DefaultValueFactory = _ => 1_000_000 };
        var state = new Command("state", "Resident memory of a node holding N funded accounts, and the time it takes to restart") { stateAccounts };
        state.SetAction(parse => CliAction.Run(() => RunState(parse.GetValue(stateAccounts))));
        bench.Subcommands.Add(state);

        var restartData = new Option<string>("--data") { Description = "Data directory of an existing chain", Required = true };
        var restart = new Command("restart", "Open an existing chain as a restarting node does; print the time and resident memory") { restartData };
        restart.SetAction(parse => CliAction.Run(() => RunRestart(parse.GetValue(restartData)!)));
        bench.Subcommands.Add(restart);
        bench.Subcommands.Add(ReadingsBenchCommand.Create());
        bench.Subcommands.Add(MqttBenchCommand.Create());
        bench.Subcommands.Add(OrdersBenchCommand.Create());
        bench.Subcommands.Add(NetworkBenchCommand.Create());
        bench.Subcommands.Add(SimulateBenchCommand.Create());
        return bench;
    }

    /// <summary>The i-th bench account's key (derived, so every run signs with the same accounts).</summary>
    public static SigningKey BenchKey(int i) =>
        SigningKey.FromSeed(Hashing.Domain("gridforge bench account", BitConverter.GetBytes(i)).ToArray());

    /// <summary>The 1-minute load average (Linux), to read a figure taken on a machine others share.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>Signatures per second this machine verifies on all its cores (the ceiling of any node here).</summary>
    public static double MeasureVerifyRate(IReadOnlyList<Transaction> sample, TimeSpan duration)
    {
        var sw = Stopwatch.StartNew();
        long verified = 0;
        while (sw.Elapsed < duration)
        {
            Parallel.For(0, sample.Count, i =>
            {
                if (!sample[i].VerifySignature()) throw new InvalidOperationException("a bench signature does not verify");
            });
            verified += sample.Count;
        }

        return verified / sw.Elapsed.TotalSeconds;
    }

    private static async Task<int> RunTps(int accountCount, int perAccount, int batchSize, int clientCount, CancellationToken ct)
    {
        if (accountCount < 2 || perAccount < 1 || batchSize < 1
            || clientCount < 1) throw new CliException("accounts ≥ 2, per-account ≥ 1, batch ≥ 1, clients ≥ 1");
        var data = Path.Combine(Path.GetTempPath(), $"gridforge-bench-{Environment.ProcessId}");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        AnsiConsole.MarkupLine($"[grey]bench tps: {accountCount:N0} accounts × {perAccount} transfers, batches of {batchSize:N0}, {clientCount} clients, " +
            $"{Environment.ProcessorCount} cores[/]");

        var keys = new SigningKey[accountCount];
        Parallel.For(0, accountCount, i => keys[i] = BenchKey(i));
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000, Grid = 0 }));

        // Signed before the timed window, as a busy gateway would hold them.
        var total = accountCount * perAccount;
        var txs = new Transaction[total];
        Parallel.For(0, accountCount, a =>
        {
            for (var n = 0; n < perAccount; n++)
            {
                var to = keys[(a + 1 + n) % accountCount].Address;
                txs[(n * accountCount) + a] = Transaction.Sign(keys[a], DevChain.ChainId, (ulong)n, 100, 1_000_000, new TransferMessage(to, Token.Watt, 1_000));
            }
        });

        var verifyRate = MeasureVerifyRate(txs.Take(20_000).ToArray(), TimeSpan.FromSeconds(3));

        var chain = ChainNode.Open(data, genesis, DevAccounts.Key("validator"));
        await using var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true).ConfigureAwait(false);
        using var client = new NodeClient(host.Url);
        var startHeight = chain.Height;
        var startCommitted = 0L;
        chain.BlockCommitted += (b, _, _) => Interlocked.Add(ref startCommitted, b.Transactions.Count);

        // Each client owns a share of the accounts and sends their transactions in nonce order, so no
        // batch ever arrives ahead of the one holding its senders' earlier nonces.
        var perClient = Enumerable.Range(0, clientCount)
            .Select(c => txs.Where((_, i) => i % accountCount % clientCount == c).Chunk(batchSize).ToArray())
            .ToArray();
        long rejected = 0;
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var submitters = perClient.Select(async batches =>
        {
            foreach (var b in batches)
            {
                var results = await client.SubmitBinaryBatchAsync(b.Select(t => t.Encoded).ToList(), ct).ConfigureAwait(false);
                Interlocked.Add(ref rejected, results.Rejected.Count);
                foreach (var r in results.Rejected.Take(1)) Console.Error.WriteLine($"refused: {r.Code}: {r.Message}");
            }
        }).ToArray();
        await Task.WhenAll(submitters).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        while (Interlocked.Read(ref startCommitted) < total - rejected && sw.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(20, ct).ConfigureAwait(false);
        }

        var seconds = sw.Elapsed.TotalSeconds;
        var committed = Interlocked.Read(ref startCommitted);
        var rate = committed / seconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var gcPause = (GC.GetTotalPauseDuration() - gcPauseBefore).TotalSeconds;
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("transactions committed", $"{committed:N0} of {total:N0} ({rejected:N0} refused at admission)");
        table.AddRow("blocks", $"{chain.Height - startHeight:N0}");
        table.AddRow("submission time", $"{submitSeconds:F2} s");
        table.AddRow("time to last commit", $"{seconds:F2} s");
        table.AddRow("[bold]committed tx/s[/]", $"[bold]{rate:N0}[/]");
        table.AddRow("Ed25519 verifications/s (all cores)", $"{verifyRate:N0}");
        table.AddRow("CPU used by the node process", $"{cpuSeconds:F1} core-s of {seconds * Environment.ProcessorCount:F1} available " +
            $"({cpuSeconds * 1e6 / Math.Max(1, committed):F0} µs per tx)");
        table.AddRow("GC pauses", $"{gcPause:F2} s, {GC.CollectionCount(2) - gen2Before} gen-2 collections");
        table.AddRow("[bold]ratio (target ≥ 0.5)[/]", $"[bold]{rate / verifyRate:F2}[/]");
        AnsiConsole.Write(table);
        Console.WriteLine($"RESULT tps={rate:F0} verify_rate={verifyRate:F0} ratio={rate / verifyRate:F3}");
        await host.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(data, true);
        return committed == total ? 0 : 1;
    }

    // Its own frame, so that nothing of the creation (a genesis of a million accounts) stays reachable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void CreateStateChain(string data, int accountCount)
    {
        var accounts = new GenesisAccount[accountCount];
        Parallel.For(0, accountCount, i =>
        {
            // Addresses only: the accounts need balances, not keys, so they are derived by hashing.
            var address = new Address(Hashing.Domain("gridforge bench state account", BitConverter.GetBytes(i)));
            accounts[i] = new GenesisAccount { Address = address.ToString(), Watt = 1_000_000 };
        });
        var sw = Stopwatch.StartNew();
        using var first = ChainNode.Open(data, DevChain.Genesis(1_800_000_000, accounts), DevAccounts.Key("validator"));
        first.ProduceBlock(1_800_000_001);
        AnsiConsole.MarkupLine($"[grey]created in {sw.Elapsed.TotalSeconds:F1} s[/]");
    }

    private static int RunState(int accountCount)
    {
        var data = Path.Combine(Path.GetTempPath(), $"gridforge-bench-state-{Environment.ProcessId}");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        AnsiConsole.MarkupLine($"[grey]bench state: {accountCount:N0} funded accounts[/]");
        CreateStateChain(data, accountCount);

        // The restart is measured in a fresh process, as an operator would restart the node.
        var psi = SelfProcess.StartInfo(["bench", "restart", "--data", data]);
        psi.RedirectStandardError = false;
        psi.RedirectStandardInput = false;
        using var child = Process.Start(psi)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        Directory.Delete(data, true);
        var figures = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT", StringComparison.Ordinal))
            ?? throw new CliException($"the restarted node reported nothing: {output}");
        var values = figures.Split(' ').Skip(1).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        var table = new Table().AddColumns("figure", "value", "target");
        table.AddRow("accounts", $"{accountCount:N0}", "1,000,000");
        table.AddRow("state entries", values["entries"], "");
        table.AddRow("[bold]restart (open + load + tree rebuild + root check)[/]", $"[bold]{values["restart_s"]} s[/]", "≤ 10 s");
        table.AddRow("[bold]resident memory of the restarted node[/]", $"[bold]{values["rss_mib"]} MiB[/]", "≤ 1024 MiB");
        table.AddRow("managed heap of the restarted node", $"{values["heap_mib"]} MiB", "");
        AnsiConsole.Write(table);
        Console.WriteLine($"RESULT accounts={accountCount} {string.Join(' ', figures.Split(' ').Skip(1))}");
        return 0;
    }

    /// <summary>Opens an existing chain as a restarting node does and reports time and memory.</summary>
    public static int RunRestart(string data)
    {
        var sw = Stopwatch.StartNew();
        using var node = ChainNode.Open(data, null, DevAccounts.Key("validator"));
        var seconds = sw.Elapsed.TotalSeconds;
        GC.Collect(2, GCCollectionMode.Aggressive, true, true);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT entries={node.CommittedState.Count} restart_s={seconds:F2} rss_mib={process.WorkingSet64 / 1048576} ") +
            FormattableString.Invariant($"heap_mib={GC.GetTotalMemory(false) / 1048576}"));
        return 0;
    }
}
