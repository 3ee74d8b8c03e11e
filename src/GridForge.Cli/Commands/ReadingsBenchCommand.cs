using System.CommandLine;
using System.Net.Http.Json;
using GridForge.Chain;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge bench readings</c>: signed meter readings ingested per second through a dev node's REST
/// readings path, printed beside this machine's Ed25519 verification rate (target ≥ 20,000 readings/s).</summary>
internal static class ReadingsBenchCommand
{
    public const double Target = 20_000;

    public static Command Create()
    {
        var meters = new Option<int>("--meters") { Description = "Registered meters (each with its own key and owner)", DefaultValueFactory = _ => 10_000 };
        var slots = new Option<int>("--slots") { Description = "Readings per meter: the slots that ended most recently (at most 20)", DefaultValueFactory =
            _ => 10 };
        var perTx = new Option<int>("--per-tx") { Description = "Readings per transaction (at most 450)", DefaultValueFactory =
            _ => SubmitReadingsMessage.ReadingsPerTransaction };
        var batch = new Option<int>("--batch") { Description = "Transactions per REST request", DefaultValueFactory = _ => 25 };
        var clients = new Option<int>("--clients") { Description = "Concurrent gateways, each submitting its share of the meters", DefaultValueFactory =
            _ => 2 };
        var readings = new Command("readings", "Register meters on a dev node, pre-sign their readings, submit them through POST /api/v1/metering/readings; " +
            "print readings/s beside this machine's Ed25519 verification rate")
            { meters, slots, perTx, batch, clients };
        readings.SetAction((parse, ct) => CliAction.RunAsync(() =>
            Run(parse.GetValue(meters), parse.GetValue(slots), parse.GetValue(perTx), parse.GetValue(batch), parse.GetValue(clients), ct)));
        return readings;
    }

    private static async Task<int> Run(int meterCount, int slotCount, int perTx, int batchTxs, int clientCount, CancellationToken ct)
    {
        if (meterCount < 1 || slotCount is < 1 or > 20 || perTx is < 1 or > 450 || batchTxs < 1 || clientCount < 1)
        {
            throw new CliException("meters ≥ 1, 1 ≤ slots ≤ 20, 1 ≤ per-tx ≤ 450, batch ≥ 1, clients ≥ 1");
        }

        AnsiConsole.MarkupLine($"[grey]bench readings: {meterCount:N0} meters × {slotCount} slots = {(long)meterCount * slotCount:N0} readings, {perTx} per " +
            $"transaction, {batchTxs} transactions per request, {clientCount} gateways, {Environment.ProcessorCount} cores[/]");
        await using var run = await ReadingsBenchRun.StartAsync("readings", meterCount, slotCount, clientCount, null, ct).ConfigureAwait(false);
        var signed = run.Signed;
        var requests = Enumerable.Range(0, clientCount).Select(c =>
        {
            var mine = Enumerable.Range(0, slotCount)
                .SelectMany(j => Enumerable.Range(0, meterCount).Where(m => m % clientCount == c).Select(m => signed[m][j])).Chunk(perTx).ToArray();
            var txs = new Transaction[mine.Length];
            Parallel.For(0, mine.Length, t => txs[t] =
                Transaction.Sign(run.Gateways[c], DevChain.ChainId, (ulong)t, 100, 1_000_000, new SubmitReadingsMessage(mine[t])));
            return txs.Chunk(batchTxs).ToArray();
        }).ToArray();

        using var http = new HttpClient { BaseAddress = new Uri(run.Host.Url + "/"), Timeout = TimeSpan.FromMinutes(5) };
        var sw = run.StartTimer();
        await Task.WhenAll(requests.Select(batches => Submit(http, batches, ct))).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        await run.WaitJudgedAsync(sw, ct).ConfigureAwait(false);
        return await run.ReportAsync("readings_per_s", submitSeconds, sw.Elapsed.TotalSeconds,
            [("transactions", $"{requests.Sum(r => r.Sum(b => b.Length)):N0} of up to {perTx} readings")]).ConfigureAwait(false);
    }

    /// <summary>One gateway's requests in order; a transaction the mempool has no room for is sent again, with those after it.</summary>
    private static async Task Submit(HttpClient http, Transaction[][] batches, CancellationToken ct)
    {
        foreach (var batch in batches)
        {
            var pending = batch;
            while (pending.Length > 0)
            {
                using var response = await http.PostAsJsonAsync("api/v1/metering/readings",
                    new SubmitBatchRequest([.. pending.Select(t => Convert.ToHexStringLower(t.Encoded))]),
                    NodeClient.Json, ct).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var results = (await response.Content.ReadFromJsonAsync<List<SubmitResponse>>(NodeClient.Json, ct).ConfigureAwait(false))!;
                var first = results.FindIndex(r => !r.Accepted);
                if (first < 0) break;
                if (results[first].Code != "mempool_full") throw new CliException(
                    $"a readings transaction was refused: {results[first].Code}: {results[first].Message}");
                pending = pending[first..];
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }
}
