using System.Diagnostics;
using System.Globalization;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Home;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Bench;

/// <summary><c>gridforge bench network --validators N</c>: a loopback network of N validator processes (written by the testnet
/// command), clients submitting pre-signed transfers to every node at a steady rate, and the figures the issue asks for —
/// committed tx/s, finality from submission to commit (p50, p99), and the ratio to this machine's limit for the setup: its
/// Ed25519 verification rate divided by the number of nodes (each node verifies every transaction once).</summary>
internal sealed class NetworkLoad : IBenchLoad
{
    private const string ChainId = "gridforge-bench";
    private readonly int _nodes, _accounts, _rate, _seconds, _intervalMs;
    private readonly bool _keep;

    public NetworkLoad(int validators, int accounts, int rate, int seconds, int blockIntervalMs, bool keep)
    {
        if (validators < 1 || accounts < validators || rate < 1 || seconds < 1)
        {
            throw new CliException("validators ≥ 1, accounts ≥ validators, rate ≥ 1, seconds ≥ 1");
        }

        (_nodes, _accounts, _rate, _seconds, _intervalMs, _keep) = (validators, accounts, rate, seconds, blockIntervalMs, keep);
    }

    public async Task<BenchReport> RunAsync(CancellationToken ct)
    {
        var total = checked(_rate * _seconds);
        var perAccount = (total + _accounts - 1) / _accounts;
        total = perAccount * _accounts;
        BenchHarness.Note($"bench network: {_nodes} validator processes, {_accounts:N0} accounts × {perAccount} transfers = {total:N0}, " +
            $"offered at {_rate:N0}/s for {_seconds} s, blocks every {_intervalMs} ms, {BenchHarness.Cores}, load {MachineLimit.LoadAverage()}");

        var keys = new SigningKey[_accounts];
        Parallel.For(0, _accounts, i => keys[i] = BenchTransactions.AccountKey(i));
        var directory = BenchHarness.TempDirectory("network");
        var nodes = Testnet.Write(directory, new Testnet.Options
        {
            ChainId = ChainId,
            Validators = _nodes,
            BlockIntervalMs = _intervalMs,
            ExtraAccounts = [.. keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000 })],
        });

        // Signed before the timed window, as busy gateways would hold them: account a sends through node a mod N.
        var txs = new Transaction[_accounts][];
        Parallel.For(0, _accounts, a =>
        {
            txs[a] = new Transaction[perAccount];
            for (var n = 0; n < perAccount; n++) txs[a][n] = BenchTransactions.Transfer(keys[a], ChainId, (ulong)n, keys[(a + 1 + n) % _accounts].Address);
        });
        var limit = MachineLimit.Measure(txs.SelectMany(t => t), _nodes);

        var processes = new List<Process>();
        var logs = new List<TextWriter>();
        var clients = nodes.Select(n => new NodeClient(n.ApiUrl)).ToList();
        try
        {
            foreach (var node in nodes) processes.Add(StartValidator(node.Home, logs));
            var startHeight = await WaitForHeightAsync(clients, 2, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
            return await MeasureAsync(txs, perAccount, total, limit, processes, clients, startHeight, ct).ConfigureAwait(false);
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
            if (_keep) Console.Error.WriteLine($"network kept in {directory}");
            else Directory.Delete(directory, true);
        }
    }

    /// <summary>A validator process on its home; its output goes to node.log there (a node's log would drown the figures; see
    /// --keep), critical lines also to stderr.</summary>
    private static Process StartValidator(string home, List<TextWriter> logs)
    {
        var psi = SelfProcess.StartInfo(["node", "--home", home]);
        psi.Environment[Commands.NodeCommand.ParentPidVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(home, "node.log")) { AutoFlush = true });
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
        return process;
    }

    /// <summary>The timed window: submission paced at the offered rate, commits read from node 0, and the figures.</summary>
    private async Task<BenchReport> MeasureAsync(Transaction[][] txs, int perAccount, int total, MachineLimit limit, List<Process> processes,
        List<NodeClient> clients, ulong startHeight, CancellationToken ct)
    {
        // Submission: one client per node, each sending its accounts' transfers round by round (nonce order per
        // account) in batches paced so that all clients together offer `rate` per second.
        var submitted = new long[_accounts * perAccount];
        var ids = new Dictionary<Hash32, int>(_accounts * perAccount);
        for (var a = 0; a < _accounts; a++)
        {
            for (var n = 0; n < perAccount; n++) ids[txs[a][n].Id] = (a * perAccount) + n;
        }

        var nodeCpuBefore = processes.Sum(ProcessWindow.CpuSecondsOf);
        var self = ProcessWindow.Start();
        var clock = Stopwatch.StartNew();
        long refused = 0;
        var batchSize = Math.Max(1, _rate / _nodes / 20); // 20 batches a second per client
        var submitters = Enumerable.Range(0, _nodes).Select(c => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, _accounts).Where(a => a % _nodes == c).ToArray();
            var order = new List<(int Account, int Nonce)>();
            for (var n = 0; n < perAccount; n++) order.AddRange(mine.Select(a => (a, n)));
            var perSecond = (double)_rate / _nodes;
            for (var i = 0; i < order.Count; i += batchSize)
            {
                var wait = TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed;
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
        var latencies = new LatencyRecorder(total);
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
                        if (!ids.TryGetValue(Hash32.Parse(hash), out var index)) continue;
                        latencies.AddTicks(submitted[index], now);
                        committed++;
                        lastCommit = now;
                    }
                }

                if (committed >= total - Interlocked.Read(ref refused) && submitters.All(s => s.IsCompleted)) return;
                if (submitters.All(s => s.IsCompleted) && clock.Elapsed > TimeSpan.FromSeconds(_seconds + 120)) return;
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
        }, ct);
        await Task.WhenAll(submitters).ConfigureAwait(false);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        await observed.ConfigureAwait(false);

        var nodeCpu = processes.Sum(ProcessWindow.CpuSecondsOf) - nodeCpuBefore;
        var selfCpu = self.CpuSeconds;
        var tps = committed / (lastCommit * 1.0 / Stopwatch.Frequency);
        var (p50, p99) = (latencies.Percentile(0.50), latencies.Percentile(0.99));
        var nodeCpuPerTx = nodeCpu * 1e6 / Math.Max(1, committed);
        var load = MachineLimit.LoadAverage();
        return new BenchReport { ExitCode = committed == total - refused && refused == 0 ? 0 : 1 }
            .Row("validators (processes)", $"{_nodes}")
            .Row("transfers committed", $"{committed:N0} of {total:N0} ({refused:N0} refused at admission)")
            .Row("offered", $"{_rate:N0}/s for {submitSeconds:F1} s")
            .Headline("committed tx/s", $"{tps:N0}", "(target ≥ 5,000)")
            .Headline("finality p50 / p99", $"{p50:N0} ms / {p99:N0} ms", "(target p50 ≤ 1,000 ms)")
            .Row(MachineLimit.VerifyFigure, limit.VerifyValue)
            .Row("machine limit (verifications/s ÷ nodes)", $"{limit.Limit:N0} tx/s")
            .Headline("ratio to the limit", $"{limit.Ratio(tps):F2}", "(aim ≥ 0.6)")
            .Row("CPU per committed transfer",
                $"{nodeCpuPerTx:F0} µs in the {_nodes} nodes together, {selfCpu * 1e6 / Math.Max(1, committed):F0} µs in this client")
            .Row("load average (1 min)", load)
            .Result("validators", _nodes).Result("tps", tps, "F0").Result("p50_ms", p50, "F0").Result("p99_ms", p99, "F0")
            .Result("verify_rate", limit.VerifyRate, "F0").Result("limit", limit.Limit, "F0").Result("ratio", limit.Ratio(tps), "F3")
            .Result("node_cpu_us_per_tx", nodeCpuPerTx, "F0").Result("load", load);
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
}
