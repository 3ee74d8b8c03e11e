using System.CommandLine;
using System.Diagnostics;
using GridForge.Core.Crypto;
using GridForge.Node.Api;
using GridForge.Node.Home;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge bench network --validators N</c>: a loopback network of N validator processes (written by the
/// testnet command), clients submitting pre-signed transfers to every node at a steady rate, and the figures the issue
/// asks for — committed tx/s, finality from submission to commit (p50, p99), and the ratio to this machine's limit for
/// the setup: its Ed25519 verification rate divided by the number of nodes (each node verifies every transaction once).</summary>
internal static class NetworkBenchCommand
{
    public static Command Create()
    {
        var validators = new Option<int>("--validators") { Description = "Validator processes", DefaultValueFactory = _ => 4 };
        var accounts = new Option<int>("--accounts") { Description = "Sending accounts (each sends through one node, in nonce order)", DefaultValueFactory =
            _ => 4_000 };
        var rate = new Option<int>("--rate") { Description = "Transfers offered per second, over all nodes", DefaultValueFactory = _ => 6_000 };
        var seconds = new Option<int>("--seconds") { Description = "How long transfers are offered", DefaultValueFactory = _ => 30 };
        var interval = new Option<int>("--block-interval-ms") { Description = "The network's auth.block_interval_ms", DefaultValueFactory = _ => 500 };
        var keep = new Option<bool>("--keep") { Description = "Keep the network's directory, with each node's node.log (its path is printed)" };
        var command = new Command("network", "Run N validators as processes on loopback, offer signed transfers to all of them; print committed tx/s, " +
            "finality p50/p99 and the ratio to the machine's verification rate ÷ N")
        {
            validators, accounts, rate, seconds, interval, keep,
        };
        command.SetAction((parse, ct) => CliAction.RunAsync(() => RunAsync(
            parse.GetValue(validators), parse.GetValue(accounts), parse.GetValue(rate), parse.GetValue(seconds), parse.GetValue(interval), parse.GetValue(keep),
                ct)));
        return command;
    }

    private static async Task<int> RunAsync(int nodeCount, int accountCount, int rate, int seconds, int intervalMs, bool keep, CancellationToken ct)
    {
        if (nodeCount < 1 || accountCount < nodeCount || rate < 1
            || seconds < 1) throw new CliException("validators ≥ 1, accounts ≥ validators, rate ≥ 1, seconds ≥ 1");
        var total = checked(rate * seconds);
        var perAccount = (total + accountCount - 1) / accountCount;
        total = perAccount * accountCount;
        AnsiConsole.MarkupLine($"[grey]bench network: {nodeCount} validator processes, {accountCount:N0} accounts × {perAccount} transfers = {total:N0}, " +
            $"offered at {rate:N0}/s for {seconds} s, blocks every {intervalMs} ms, {Environment.ProcessorCount} cores, load {BenchCommand.LoadAverage()}[/]");

        var keys = new SigningKey[accountCount];
        Parallel.For(0, accountCount, i => keys[i] = BenchCommand.BenchKey(i));
        var directory = Path.Combine(Path.GetTempPath(), $"gridforge-bench-network-{Environment.ProcessId}");
        if (Directory.Exists(directory)) Directory.Delete(directory, true);
        var nodes = Testnet.Write(directory, new Testnet.Options
        {
            ChainId = "gridforge-bench",
            Validators = nodeCount,
            BlockIntervalMs = intervalMs,
            ExtraAccounts = [.. keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000 })],
        });

        // Signed before the timed window, as busy gateways would hold them: account a sends through node a mod N.
        var txs = new Transaction[accountCount][];
        Parallel.For(0, accountCount, a =>
        {
            txs[a] = new Transaction[perAccount];
            for (var n = 0; n < perAccount; n++)
            {
                txs[a][n] = Transaction.Sign(keys[a], "gridforge-bench", (ulong)n, 100, 1_000_000,
                    new TransferMessage(keys[(a + 1 + n) % accountCount].Address, Core.Primitives.Token.Watt, 1_000));
            }
        });
        var verifyRate = BenchCommand.MeasureVerifyRate([.. txs.SelectMany(t => t).Take(20_000)], TimeSpan.FromSeconds(3));
        var limit = verifyRate / nodeCount;

        var processes = new List<Process>();
        var logs = new List<TextWriter>();
        var clients = nodes.Select(n => new NodeClient(n.ApiUrl)).ToList();
        try
        {
            foreach (var node in nodes)
            {
                var psi = SelfProcess.StartInfo(["node", "--home", node.Home]);
                psi.Environment[NodeCommand.ParentPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var process = Process.Start(psi)!;
                process.StandardInput.Close();
                // Not shown (a node's log would drown the figures): written to node.log in its home (see --keep), critical
                // lines also to stderr.
                var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(node.Home, "node.log")) { AutoFlush = true });
                logs.Add(log);
                process.OutputDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is not { } line) return;
                    log.WriteLine(line);
                    if (line.Contains("crit", StringComparison.Ordinal)) Console.Error.WriteLine(line);
                };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add(process);
            }

            var startHeight = await WaitForHeightAsync(clients, 2, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);

            // Submission: one client per node, each sending its accounts' transfers round by round (nonce order per
            // account) in batches paced so that all clients together offer `rate` per second.
            var submitted = new long[accountCount * perAccount];
            var ids = new Dictionary<Core.Primitives.Hash32, int>(accountCount * perAccount);
            for (var a = 0; a < accountCount; a++)
            {
                for (var n = 0; n < perAccount; n++) ids[txs[a][n].Id] = (a * perAccount) + n;
            }

            var nodeCpuBefore = processes.Sum(CpuSeconds);
            var selfCpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var clock = Stopwatch.StartNew();
            long refused = 0;
            var batchSize = Math.Max(1, rate / nodeCount / 20); // 20 batches a second per client
            var submitters = Enumerable.Range(0, nodeCount).Select(c => Task.Run(async () =>
            {
                var mine = Enumerable.Range(0, accountCount).Where(a => a % nodeCount == c).ToArray();
                var order = new List<(int Account, int Nonce)>();
                for (var n = 0; n < perAccount; n++) order.AddRange(mine.Select(a => (a, n)));
                var perSecond = (double)rate / nodeCount;
                for (var i = 0; i < order.Count; i += batchSize)
                {
                    var due = TimeSpan.FromSeconds(i / perSecond);
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
                    var batch = order.Skip(i).Take(batchSize).ToList();
                    var at = clock.ElapsedTicks;
                    foreach (var (a, n) in batch) submitted[(a * perAccount) + n] = at;
                    var result = await clients[c].SubmitBinaryBatchAsync([.. batch.Select(x => txs[x.Account][x.Nonce].Encoded)], ct).ConfigureAwait(false);
                    Interlocked.Add(ref refused, result.Rejected.Count);
                    foreach (var r in result.Rejected.Take(1)) Console.Error.WriteLine($"refused: {r.Code}: {r.Message}");
                }
            }, ct)).ToArray();

            // Commit times: node0's new heights, read as they appear.
            var latencies = new List<double>(total);
            var committed = 0L;
            var lastCommit = 0L;
            var height = startHeight;
            var observed = Task.Run(async () =>
            {
                while (!ct.IsCancellationRequested)
                {
                    var status = await clients[0].StatusAsync(ct).ConfigureAwait(false);
                    for (; height < status.Height; height++)
                    {
                        var block = await clients[0].GetAsync<BlockResponse>($"api/v1/blocks/{height + 1}", ct).ConfigureAwait(false);
                        var now = clock.ElapsedTicks;
                        foreach (var hash in block.Transactions)
                        {
                            if (!ids.TryGetValue(Core.Primitives.Hash32.Parse(hash), out var index)) continue;
                            latencies.Add((now - submitted[index]) * 1000.0 / Stopwatch.Frequency);
                            committed++;
                            lastCommit = now;
                        }
                    }

                    if (committed >= total - Interlocked.Read(ref refused) && submitters.All(s => s.IsCompleted)) return;
                    if (submitters.All(s => s.IsCompleted) && clock.Elapsed > TimeSpan.FromSeconds(seconds + 120)) return;
                    await Task.Delay(20, ct).ConfigureAwait(false);
                }
            }, ct);
            await Task.WhenAll(submitters).ConfigureAwait(false);
            var submitSeconds = clock.Elapsed.TotalSeconds;
            await observed.ConfigureAwait(false);

            var nodeCpu = processes.Sum(CpuSeconds) - nodeCpuBefore;
            var selfCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - selfCpuBefore;
            var window = lastCommit * 1.0 / Stopwatch.Frequency;
            var tps = committed / window;
            latencies.Sort();
            var p50 = Percentile(latencies, 0.50);
            var p99 = Percentile(latencies, 0.99);
            var table = new Table().AddColumns("figure", "value");
            table.AddRow("validators (processes)", $"{nodeCount}");
            table.AddRow("transfers committed", $"{committed:N0} of {total:N0} ({refused:N0} refused at admission)");
            table.AddRow("offered", $"{rate:N0}/s for {submitSeconds:F1} s");
            table.AddRow("[bold]committed tx/s[/]", $"[bold]{tps:N0}[/]   (target ≥ 5,000)");
            table.AddRow("[bold]finality p50 / p99[/]", $"[bold]{p50:N0} ms / {p99:N0} ms[/]   (target p50 ≤ 1,000 ms)");
            table.AddRow("Ed25519 verifications/s (all cores)", $"{verifyRate:N0}");
            table.AddRow("machine limit (verifications/s ÷ nodes)", $"{limit:N0} tx/s");
            table.AddRow("[bold]ratio to the limit[/]", $"[bold]{tps / limit:F2}[/]   (aim ≥ 0.6)");
            table.AddRow("CPU per committed transfer",
                $"{nodeCpu * 1e6 / Math.Max(1, committed):F0} µs in the {nodeCount} nodes together, {selfCpu * 1e6 / Math.Max(1, committed):F0} µs in this " +
                $"client");
            table.AddRow("load average (1 min)", BenchCommand.LoadAverage());
            AnsiConsole.Write(table);
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT validators={nodeCount} tps={tps:F0} p50_ms={p50:F0} p99_ms={p99:F0} verify_rate={verifyRate:F0} limit={limit:F0} ") +
                FormattableString.Invariant($"ratio={tps / limit:F3} node_cpu_us_per_tx={nodeCpu * 1e6 / Math.Max(1, committed):F0} ") +
                FormattableString.Invariant($"load={BenchCommand.LoadAverage()}"));
            return committed == total - refused && refused == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                p.Dispose();
            }

            foreach (var c in clients) c.Dispose();
            foreach (var l in logs) l.Dispose();
            foreach (var k in keys) k.Dispose();
            if (keep) Console.Error.WriteLine($"network kept in {directory}");
            else Directory.Delete(directory, true);
        }
    }

    private static async Task<ulong> WaitForHeightAsync(IReadOnlyList<NodeClient> clients, ulong height, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var heights = await Task.WhenAll(clients.Select(c => c.StatusAsync(ct))).ConfigureAwait(false);
                if (heights.All(s => s.Height >= height)) return heights.Min(s => s.Height);
            }
            catch (CliException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline) throw new CliException($"the network did not reach height {height} within {timeout.TotalSeconds:0} s");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private static double CpuSeconds(Process p)
    {
        try
        {
            p.Refresh();
            return p.HasExited ? 0 : p.TotalProcessorTime.TotalSeconds;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
