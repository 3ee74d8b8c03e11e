using GridForge.Chain;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Bench;

/// <summary><c>gridforge bench readings</c>: signed meter readings ingested per second through a dev node's REST readings path
/// (POST /api/v1/metering/readings), printed beside this machine's Ed25519 verification rate (target ≥ 20,000 readings/s).</summary>
internal sealed class ReadingsLoad : IBenchLoad
{
    private readonly int _meters, _slots, _perTx, _batch, _clients;

    public ReadingsLoad(int meters, int slots, int perTx, int batch, int clients)
    {
        if (meters < 1 || slots is < 1 or > 20 || perTx is < 1 or > 450 || batch < 1 || clients < 1)
        {
            throw new CliException("meters ≥ 1, 1 ≤ slots ≤ 20, 1 ≤ per-tx ≤ 450, batch ≥ 1, clients ≥ 1");
        }

        (_meters, _slots, _perTx, _batch, _clients) = (meters, slots, perTx, batch, clients);
    }

    public async Task<BenchReport> RunAsync(CancellationToken ct)
    {
        BenchHarness.Note($"bench readings: {_meters:N0} meters × {_slots} slots = {(long)_meters * _slots:N0} readings, {_perTx} per " +
            $"transaction, {_batch} transactions per request, {_clients} gateways, {BenchHarness.Cores}");
        await using var setup = await ReadingsSetup.StartAsync("readings", _meters, _slots, _clients, null, ct).ConfigureAwait(false);
        var requests = Enumerable.Range(0, _clients).Select(c =>
        {
            var mine = Enumerable.Range(0, _slots)
                .SelectMany(j => Enumerable.Range(0, _meters).Where(m => m % _clients == c).Select(m => setup.Signed[m][j])).Chunk(_perTx).ToArray();
            var txs = new Transaction[mine.Length];
            Parallel.For(0, mine.Length, t => txs[t] = BenchTransactions.SubmitReadings(setup.Gateways[c], DevChain.ChainId, (ulong)t, mine[t]));
            return txs.Chunk(_batch).ToArray();
        }).ToArray();

        // A request carries thousands of readings whose signatures the node checks before it answers: more time than the CLI's default.
        using var client = new NodeClient(setup.Node.Host.Url);
        client.Http.Timeout = TimeSpan.FromMinutes(5);
        var sw = setup.StartTimer();
        await Task.WhenAll(requests.Select(batches => BenchNode.SubmitInOrderAsync(batches, (b, t) => SendAsync(client, b, t),
            "a readings transaction was refused", ct))).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        await setup.WaitJudgedAsync(sw, ct).ConfigureAwait(false);
        return await setup.ReportAsync("readings_per_s", submitSeconds, sw.Elapsed.TotalSeconds,
            [("transactions", $"{requests.Sum(r => r.Sum(b => b.Length)):N0} of up to {_perTx} readings")]).ConfigureAwait(false);
    }

    private static async Task<BenchNode.Refusal?> SendAsync(NodeClient client, Transaction[] batch, CancellationToken ct)
    {
        var results = await client.SubmitReadingsAsync([.. batch.Select(t => t.Encoded)], ct).ConfigureAwait(false);
        var first = results.FindIndex(r => !r.Accepted);
        return first < 0 ? null : new BenchNode.Refusal(first, results[first].Code, results[first].Message);
    }
}
