using System.Diagnostics;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Bench;

/// <summary><c>gridforge bench tps</c>: a dev node in-process flooded with signed WATT transfers through the REST binary batch
/// endpoint; committed tx/s beside this machine's Ed25519 verification rate.</summary>
internal sealed class TpsLoad : IBenchLoad
{
    private readonly int _accounts, _perAccount, _batch, _clients;

    public TpsLoad(int accounts, int perAccount, int batch, int clients)
    {
        if (accounts < 2 || perAccount < 1 || batch < 1 || clients < 1) throw new CliException("accounts ≥ 2, per-account ≥ 1, batch ≥ 1, clients ≥ 1");
        (_accounts, _perAccount, _batch, _clients) = (accounts, perAccount, batch, clients);
    }

    public async Task<BenchReport> RunAsync(CancellationToken ct)
    {
        BenchHarness.Note($"bench tps: {_accounts:N0} accounts × {_perAccount} transfers, batches of {_batch:N0}, {_clients} clients, {BenchHarness.Cores}");
        var keys = new SigningKey[_accounts];
        Parallel.For(0, _accounts, i => keys[i] = BenchTransactions.AccountKey(i));
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000, Grid = 0 }));

        // Signed before the timed window, as a busy gateway would hold them.
        var total = _accounts * _perAccount;
        var txs = new Transaction[total];
        Parallel.For(0, _accounts, a =>
        {
            for (var n = 0; n < _perAccount; n++)
            {
                txs[(n * _accounts) + a] = BenchTransactions.Transfer(keys[a], DevChain.ChainId, (ulong)n, keys[(a + 1 + n) % _accounts].Address);
            }
        });

        var limit = MachineLimit.Measure(txs);
        await using var node = await BenchNode.StartAsync("tps", genesis).ConfigureAwait(false);
        var chain = node.Chain;
        var startHeight = chain.Height;
        var committed = 0L;
        chain.BlockCommitted += (b, _, _) => Interlocked.Add(ref committed, b.Transactions.Count);

        // Each client owns a share of the accounts and sends their transactions in nonce order, so no
        // batch ever arrives ahead of the one holding its senders' earlier nonces.
        var perClient = Enumerable.Range(0, _clients)
            .Select(c => txs.Where((_, i) => i % _accounts % _clients == c).Chunk(_batch).ToArray())
            .ToArray();
        long rejected = 0;
        var window = ProcessWindow.Start();
        var sw = Stopwatch.StartNew();
        var submitters = perClient.Select(async batches =>
        {
            foreach (var b in batches)
            {
                var results = await node.Client.SubmitBinaryBatchAsync(b.Select(t => t.Encoded).ToList(), ct).ConfigureAwait(false);
                Interlocked.Add(ref rejected, results.Rejected.Count);
                foreach (var r in results.Rejected.Take(1)) Console.Error.WriteLine($"refused: {r.Code}: {r.Message}");
            }
        }).ToArray();
        await Task.WhenAll(submitters).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        await BenchHarness.WaitUntilAsync(() => Interlocked.Read(ref committed) >= total - Interlocked.Read(ref rejected), sw, TimeSpan.FromMinutes(5), ct)
            .ConfigureAwait(false);

        var seconds = sw.Elapsed.TotalSeconds;
        var done = Interlocked.Read(ref committed);
        var rate = done / seconds;
        var cpuSeconds = window.CpuSeconds;
        return new BenchReport { ExitCode = done == total ? 0 : 1 }
            .Row("transactions committed", $"{done:N0} of {total:N0} ({rejected:N0} refused at admission)")
            .Timing(chain.Height - startHeight, submitSeconds, seconds)
            .Headline("committed tx/s", $"{rate:N0}")
            .Row(MachineLimit.VerifyFigure, limit.VerifyValue)
            .Row("CPU used by the node process", $"{cpuSeconds:F1} core-s of {seconds * Environment.ProcessorCount:F1} available " +
                $"({cpuSeconds * 1e6 / Math.Max(1, done):F0} µs per tx)")
            .Row("GC pauses", $"{window.GcPauseSeconds:F2} s, {window.Collections(2)} gen-2 collections")
            .Headline("ratio (target ≥ 0.5)", $"{limit.Ratio(rate):F2}")
            .Result("tps", rate, "F0").Result("verify_rate", limit.VerifyRate, "F0").Result("ratio", limit.Ratio(rate), "F3");
    }
}
