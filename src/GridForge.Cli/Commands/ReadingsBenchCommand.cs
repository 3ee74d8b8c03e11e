using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node;
using GridForge.Node.Api;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
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
        var slots = new Option<int>("--slots") { Description = "Readings per meter: the slots that ended most recently (at most 20)", DefaultValueFactory = _ => 10 };
        var perTx = new Option<int>("--per-tx") { Description = "Readings per transaction (at most 450)", DefaultValueFactory = _ => SubmitReadingsMessage.ReadingsPerTransaction };
        var batch = new Option<int>("--batch") { Description = "Transactions per REST request", DefaultValueFactory = _ => 25 };
        var clients = new Option<int>("--clients") { Description = "Concurrent gateways, each submitting its share of the meters", DefaultValueFactory = _ => 2 };
        var readings = new Command("readings", "Register meters on a dev node, pre-sign their readings, submit them through POST /api/v1/metering/readings; print readings/s beside this machine's Ed25519 verification rate")
            { meters, slots, perTx, batch, clients };
        readings.SetAction((parse, ct) => CliAction.RunAsync(() =>
            Run(parse.GetValue(meters), parse.GetValue(slots), parse.GetValue(perTx), parse.GetValue(batch), parse.GetValue(clients), ct)));
        return readings;
    }

    private static byte[] Seed(string what, int i) => Hashing.Domain("gridforge bench " + what, BitConverter.GetBytes(i)).ToArray();

    private static async Task<int> Run(int meterCount, int slotCount, int perTx, int batchTxs, int clientCount, CancellationToken ct)
    {
        if (meterCount < 1 || slotCount is < 1 or > 20 || perTx is < 1 or > 450 || batchTxs < 1 || clientCount < 1)
        {
            throw new CliException("meters ≥ 1, 1 ≤ slots ≤ 20, 1 ≤ per-tx ≤ 450, batch ≥ 1, clients ≥ 1");
        }

        var data = Path.Combine(Path.GetTempPath(), $"gridforge-bench-readings-{Environment.ProcessId}");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        var total = (long)meterCount * slotCount;
        AnsiConsole.MarkupLine($"[grey]bench readings: {meterCount:N0} meters × {slotCount} slots = {total:N0} readings, {perTx} per transaction, {batchTxs} transactions per request, {clientCount} gateways, {Environment.ProcessorCount} cores[/]");

        var gateways = Enumerable.Range(0, clientCount).Select(i => SigningKey.FromSeed(Seed("gateway", i))).ToArray();
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            gateways.Select(g => new GenesisAccount { Address = g.Address.ToString(), Watt = 1_000_000_000 }));
        var keys = new MeterKey[meterCount];
        Parallel.For(0, meterCount, i => keys[i] = MeterKey.FromSeed(Seed("meter", i)));
        var dso = DevAccounts.Key("dso");
        var registrations = new Transaction[meterCount];
        Parallel.For(0, meterCount, i => registrations[i] = Transaction.Sign(dso, DevChain.ChainId, (ulong)i, 100, 1_000_000,
            new RegisterMeterMessage(keys[i].Id, new Address(Hashing.Domain("gridforge bench owner", BitConverter.GetBytes(i))), new ZoneId(i % 2 == 0 ? "Z1" : "Z2"),
                MeterKind.Both, MeterTechnology.Solar, 10_000, new Wh(0), new Wh(0), "")));

        var sample = registrations.Take(20_000).ToArray();
        var verifyBefore = BenchCommand.MeasureVerifyRate(sample, TimeSpan.FromSeconds(3));
        var loadBefore = BenchCommand.LoadAverage();

        var chain = ChainNode.Open(data, genesis, DevAccounts.Key("validator"));
        await using var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true).ConfigureAwait(false);
        using var client = new NodeClient(host.Url);
        await Register(client, chain, registrations, meterCount, ct).ConfigureAwait(false);

        // Readings of the slots that ended last, in slot order per meter, signed before the timed window as the
        // meters themselves would have done.
        var current = GridModule.SlotAt(chain.State, DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Index;
        var signed = new MeterReading[meterCount][];
        Parallel.For(0, meterCount, m =>
        {
            long import = 0, export = 0;
            signed[m] = new MeterReading[slotCount];
            for (var j = 0; j < slotCount; j++)
            {
                long imported = (m + j) % 50, exported = 100 + (((m * 7) + (j * 13)) % 1_000);
                import += imported;
                export += exported;
                signed[m][j] = keys[m].Sign(DevChain.ChainId, new SlotId(current - slotCount + j), new Wh(imported), new Wh(exported), new Wh(import), new Wh(export));
            }
        });
        var requests = Enumerable.Range(0, clientCount).Select(c =>
        {
            var mine = Enumerable.Range(0, slotCount).SelectMany(j => Enumerable.Range(0, meterCount).Where(m => m % clientCount == c).Select(m => signed[m][j])).Chunk(perTx).ToArray();
            var txs = new Transaction[mine.Length];
            Parallel.For(0, mine.Length, t => txs[t] = Transaction.Sign(gateways[c], DevChain.ChainId, (ulong)t, 100, 1_000_000, new SubmitReadingsMessage(mine[t])));
            return txs.Chunk(batchTxs).ToArray();
        }).ToArray();

        long accepted = 0, rejected = 0;
        var startHeight = chain.Height;
        chain.BlockCommitted += (_, results, _) =>
        {
            foreach (var e in results.SelectMany(r => r.Events))
            {
                if (e.Kind == MeteringEvents.ReadingsAccepted) Interlocked.Add(ref accepted, long.Parse(e["count"]!, System.Globalization.CultureInfo.InvariantCulture));
                else if (e.Kind == MeteringEvents.ReadingRejected) Interlocked.Increment(ref rejected);
            }
        };

        using var http = new HttpClient { BaseAddress = new Uri(host.Url + "/"), Timeout = TimeSpan.FromMinutes(5) };
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(requests.Select(batches => Submit(http, batches, ct))).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        while (Interlocked.Read(ref accepted) + Interlocked.Read(ref rejected) < total && sw.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(20, ct).ConfigureAwait(false);
        }

        var seconds = sw.Elapsed.TotalSeconds;
        var rate = Interlocked.Read(ref accepted) / seconds;
        var loadAfter = BenchCommand.LoadAverage();
        await host.DisposeAsync().ConfigureAwait(false);
        // Other processes may share the cores: the machine's rate is taken before and after the run, and averaged.
        var verifyAfter = BenchCommand.MeasureVerifyRate(sample, TimeSpan.FromSeconds(3));
        var verifyRate = (verifyBefore + verifyAfter) / 2;
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("readings accepted", $"{accepted:N0} of {total:N0} ({rejected:N0} rejected)");
        table.AddRow("transactions", $"{requests.Sum(r => r.Sum(b => b.Length)):N0} of up to {perTx} readings");
        table.AddRow("blocks", $"{chain.Height - startHeight:N0}");
        table.AddRow("submission time", $"{submitSeconds:F2} s");
        table.AddRow("time to last commit", $"{seconds:F2} s");
        table.AddRow($"[bold]readings/s (target ≥ {Target:N0})[/]", $"[bold]{rate:N0}[/]");
        table.AddRow("Ed25519 verifications/s (all cores)", $"{verifyRate:N0} (before {verifyBefore:N0}, after {verifyAfter:N0})");
        table.AddRow("load average (1 min) before, after", $"{loadBefore}, {loadAfter}");
        table.AddRow("[bold]ratio readings/s ÷ verifications/s[/]", $"[bold]{rate / verifyRate:F2}[/]");
        AnsiConsole.Write(table);
        Console.WriteLine($"RESULT readings_per_s={rate:F0} verify_rate={verifyRate:F0} ratio={rate / verifyRate:F3} load={loadBefore},{loadAfter}");
        Directory.Delete(data, true);
        return accepted == total ? 0 : 1;
    }


    /// <summary>Registers the meters through the REST batch endpoint (untimed) and waits until all are committed.</summary>
    private static async Task Register(NodeClient client, ChainNode chain, Transaction[] registrations, int meterCount, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        foreach (var chunk in registrations.Chunk(2_000))
        {
            // One account's pending transactions are bounded by the mempool (10,000 by default).
            while (chain.MempoolCount > 6_000) await Task.Delay(50, ct).ConfigureAwait(false);
            var results = await client.SubmitBatchAsync([.. chunk.Select(t => t.Encoded)], ct).ConfigureAwait(false);
            if (results.FirstOrDefault(r => !r.Accepted) is { } refused) throw new CliException($"a registration was refused: {refused.Code}: {refused.Message}");
        }

        var z1 = new ZoneId("Z1");
        var z2 = new ZoneId("Z2");
        while (MeteringModule.ActiveMetersIn(chain.State, z1) + MeteringModule.ActiveMetersIn(chain.State, z2) < meterCount)
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(5)) throw new CliException("the meters were not registered within 5 minutes");
            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        AnsiConsole.MarkupLine($"[grey]{meterCount:N0} meters registered in {sw.Elapsed.TotalSeconds:F1} s (untimed)[/]");
    }

    /// <summary>One gateway's requests in order; a transaction the mempool has no room for is sent again, with those after it.</summary>
    private static async Task Submit(HttpClient http, Transaction[][] batches, CancellationToken ct)
    {
        foreach (var batch in batches)
        {
            var pending = batch;
            while (pending.Length > 0)
            {
                using var response = await http.PostAsJsonAsync("api/v1/metering/readings", new SubmitBatchRequest([.. pending.Select(t => Convert.ToHexStringLower(t.Encoded))]),
                    NodeClient.Json, ct).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var results = (await response.Content.ReadFromJsonAsync<List<SubmitResponse>>(NodeClient.Json, ct).ConfigureAwait(false))!;
                var first = results.FindIndex(r => !r.Accepted);
                if (first < 0) break;
                if (results[first].Code != "mempool_full") throw new CliException($"a readings transaction was refused: {results[first].Code}: {results[first].Message}");
                pending = pending[first..];
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }
}
