using System.Diagnostics;
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
    private readonly int _nodes, _accounts, _rate, _seconds, _intervalMs, _warmUpSeconds, _latencyShare, _latencySeconds;
    private readonly bool _keep;

    public NetworkLoad(int validators, int accounts, int rate, int seconds, int blockIntervalMs, bool keep, int warmUpSeconds = 10,
        int latencyShare = 70, int latencySeconds = 15)
    {
        if (validators < 1 || accounts < validators || rate < 1 || seconds < 1 || warmUpSeconds < 1 || latencyShare is < 1 or > 100
            || latencySeconds < 1)
        {
            throw new CliException("validators ≥ 1, accounts ≥ validators, rate ≥ 1, seconds ≥ 1, warm-up ≥ 1, 1 ≤ latency-share ≤ 100, " +
                "latency-seconds ≥ 1");
        }

        (_nodes, _accounts, _rate, _seconds, _intervalMs, _keep) = (validators, accounts, rate, seconds, blockIntervalMs, keep);
        (_warmUpSeconds, _latencyShare, _latencySeconds) = (warmUpSeconds, latencyShare, latencySeconds);
    }

    public async Task<BenchReport> RunAsync(CancellationToken ct)
    {
        var perAccount = PerAccount(_rate, _seconds);
        var warmUpPerAccount = PerAccount(WarmUpRate, _warmUpSeconds);
        BenchHarness.Note($"bench network: {_nodes} validator processes, {_accounts:N0} accounts; warm-up (untimed) {WarmUpRate:N0}/s for " +
            $"{_warmUpSeconds} s; throughput: {perAccount * _accounts:N0} transfers offered at {_rate:N0}/s for {_seconds} s; finality: " +
            $"{_latencyShare}% of the committed rate for {_latencySeconds} s; blocks every {_intervalMs} ms, {BenchHarness.Cores}, " +
            $"load {MachineLimit.LoadAverage()}");

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

        // Signed before the timed windows, as busy gateways would hold them: account a sends through node a mod N, its nonces
        // in order through the warm-up, the throughput phase and the finality phase.
        var warmUp = Sign(keys, 0, warmUpPerAccount);
        var txs = Sign(keys, warmUpPerAccount, perAccount);
        var limit = MachineLimit.Measure(txs.SelectMany(t => t), _nodes);

        var processes = new List<Process>();
        var logs = new List<TextWriter>();
        var clients = nodes.Select(n => new NodeClient(n.ApiUrl)).ToList();
        try
        {
            foreach (var node in nodes) processes.Add(StartValidator(node.Home, logs));
            await WaitForHeightAsync(clients, 2, TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
            // Warm-up: the whole path (admission, gossip, proposals, execution, commits) in every process, so that the timed
            // windows measure running nodes rather than their JIT compilers.
            var warm = await RunPhaseAsync(warmUp, WarmUpRate, processes, clients, ct).ConfigureAwait(false);
            BenchHarness.Note($"warm-up: {warm.Committed:N0} transfers committed (untimed)");
            var throughput = await RunPhaseAsync(txs, _rate, processes, clients, ct).ConfigureAwait(false);

            // Finality is measured where the network is not saturated: at a share of the rate it just committed (a
            // saturated network's latency is its queue, growing with the run's length).
            var latencyRate = Math.Max(1, (int)(throughput.Tps * _latencyShare / 100));
            var latencyTxs = Sign(keys, warmUpPerAccount + perAccount, PerAccount(latencyRate, _latencySeconds));
            var latency = await RunPhaseAsync(latencyTxs, latencyRate, processes, clients, ct).ConfigureAwait(false);
            return Report(throughput, latency, latencyRate, limit);
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

    /// <summary>How long a phase waits for its next commit once everything was offered, before it counts the rest as lost.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The warm-up's offered rate: enough for full blocks on every code path, little enough not to queue.</summary>
    private int WarmUpRate => Math.Max(1, Math.Min(_rate, 1_000));

    private int PerAccount(int rate, int seconds) => (int)Math.Max(1, ((long)rate * seconds + _accounts - 1) / _accounts);

    /// <summary>Each account's transfers with nonces <paramref name="firstNonce"/> onwards, <paramref name="perAccount"/> of them.</summary>
    private Transaction[][] Sign(SigningKey[] keys, int firstNonce, int perAccount)
    {
        var txs = new Transaction[_accounts][];
        Parallel.For(0, _accounts, a =>
        {
            txs[a] = new Transaction[perAccount];
            for (var n = 0; n < perAccount; n++)
            {
                var nonce = firstNonce + n;
                txs[a][n] = BenchTransactions.Transfer(keys[a], ChainId, (ulong)nonce, keys[(a + 1 + nonce) % _accounts].Address);
            }
        });
        return txs;
    }

    /// <summary>A validator process on its home; its output goes to node.log there (a node's log would drown the figures; see
    /// --keep), critical lines also to stderr.</summary>
    private static Process StartValidator(string home, List<TextWriter> logs)
    {
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(home, "node.log")) { AutoFlush = true });
        logs.Add(log);
        return SelfProcess.StartNode(home, log.WriteLine, line =>
        {
            log.WriteLine(line);
            if (line.Contains("crit", StringComparison.Ordinal)) Console.Error.WriteLine(line);
        });
    }

    /// <summary>What one phase measured.</summary>
    private sealed record Phase(int Offered, long Committed, long Refused, double SubmitSeconds, double Tps, double P50, double P99,
        double NodeCpuPerTx, double SelfCpuPerTx);

    /// <summary>One timed window: submission paced at <paramref name="rate"/>, commits read from node 0 as they appear, until every
    /// transfer of the phase is committed (or nothing was for <see cref="StallTimeout"/> after the last was offered).</summary>
    private async Task<Phase> RunPhaseAsync(Transaction[][] txs, int rate, List<Process> processes, List<NodeClient> clients,
        CancellationToken ct)
    {
        var perAccount = txs[0].Length;
        var total = _accounts * perAccount;
        // Submission: one client per node, each sending its accounts' transfers round by round (nonce order per
        // account) in batches paced so that all clients together offer `rate` per second.
        var submitted = new long[total];
        var ids = new Dictionary<Hash32, int>(total);
        for (var a = 0; a < _accounts; a++)
        {
            for (var n = 0; n < perAccount; n++) ids[txs[a][n].Id] = (a * perAccount) + n;
        }

        var height = (await clients[0].StatusAsync(ct).ConfigureAwait(false)).Height;
        var nodeCpuBefore = processes.Sum(ProcessWindow.CpuSecondsOf);
        var self = ProcessWindow.Start();
        var clock = Stopwatch.StartNew();
        long refused = 0;
        var batchSize = Math.Max(1, rate / _nodes / 20); // 20 batches a second per client
        var submitters = Enumerable.Range(0, _nodes).Select(c => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, _accounts).Where(a => a % _nodes == c).ToArray();
            var order = new List<(int Account, int Nonce)>();
            for (var n = 0; n < perAccount; n++) order.AddRange(mine.Select(a => (a, n)));
            var perSecond = (double)rate / _nodes;
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

        var latencies = new LatencyRecorder(total);
        var committed = 0L;
        var lastCommit = 0L;
        var (before, progress) = (0L, TimeSpan.Zero);
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

                if (committed > before) (before, progress) = (committed, clock.Elapsed);
                if (committed >= total - Interlocked.Read(ref refused) && submitters.All(s => s.IsCompleted)) return;
                // A phase ends with its backlog committed, so the next starts on empty mempools; or when nothing moves any more.
                if (submitters.All(s => s.IsCompleted) && clock.Elapsed - progress > StallTimeout) return;
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
        }, ct);
        await Task.WhenAll(submitters).ConfigureAwait(false);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        await observed.ConfigureAwait(false);

        var nodeCpu = processes.Sum(ProcessWindow.CpuSecondsOf) - nodeCpuBefore;
        var tps = committed / Math.Max(1e-9, lastCommit * 1.0 / Stopwatch.Frequency);
        return new Phase(total, committed, refused, submitSeconds, tps, latencies.Percentile(0.50), latencies.Percentile(0.99),
            nodeCpu * 1e6 / Math.Max(1, committed), self.CpuSeconds * 1e6 / Math.Max(1, committed));
    }

    private BenchReport Report(Phase throughput, Phase latency, int latencyRate, MachineLimit limit)
    {
        var load = MachineLimit.LoadAverage();
        var complete = throughput.Committed == throughput.Offered && latency.Committed == latency.Offered;
        return new BenchReport { ExitCode = complete && throughput.Refused + latency.Refused == 0 ? 0 : 1 }
            .Row("validators (processes)", $"{_nodes}")
            .Row("throughput phase: transfers committed",
                $"{throughput.Committed:N0} of {throughput.Offered:N0} ({throughput.Refused:N0} refused at admission)")
            .Row("throughput phase: offered", $"{_rate:N0}/s for {throughput.SubmitSeconds:F1} s")
            .Headline("committed tx/s", $"{throughput.Tps:N0}", "(target ≥ 5,000)")
            .Row("throughput phase: finality p50 / p99 (queueing when offered more than committed)", $"{throughput.P50:N0} ms / {throughput.P99:N0} ms")
            .Row("finality phase: offered", $"{latencyRate:N0}/s ({_latencyShare}% of the committed rate) for {latency.SubmitSeconds:F1} s")
            .Row("finality phase: transfers committed, tx/s", $"{latency.Committed:N0} of {latency.Offered:N0}, {latency.Tps:N0}/s")
            .Headline("finality p50 / p99", $"{latency.P50:N0} ms / {latency.P99:N0} ms", "(target p50 ≤ 1,000 ms)")
            .Row(MachineLimit.VerifyFigure, limit.VerifyValue)
            .Row("machine limit (verifications/s ÷ nodes)", $"{limit.Limit:N0} tx/s")
            .Headline("ratio to the limit", $"{limit.Ratio(throughput.Tps):F2}", "(aim ≥ 0.6)")
            .Row("CPU per committed transfer (throughput phase)",
                $"{throughput.NodeCpuPerTx:F0} µs in the {_nodes} nodes together, {throughput.SelfCpuPerTx:F0} µs in this client")
            .Row("load average (1 min)", load)
            .Result("validators", _nodes).Result("tps", throughput.Tps, "F0").Result("p50_ms", latency.P50, "F0").Result("p99_ms", latency.P99, "F0")
            .Result("latency_rate", latencyRate).Result("latency_tps", latency.Tps, "F0")
            .Result("saturated_p50_ms", throughput.P50, "F0").Result("verify_rate", limit.VerifyRate, "F0").Result("limit", limit.Limit, "F0")
            .Result("ratio", limit.Ratio(throughput.Tps), "F3").Result("node_cpu_us_per_tx", throughput.NodeCpuPerTx, "F0").Result("load", load);
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
