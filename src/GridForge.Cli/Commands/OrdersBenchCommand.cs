using System.CommandLine;
using System.Diagnostics;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Node;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge bench orders</c>: signed limit orders through a dev node's full path (REST binary batch → mempool →
/// block → market module → matching engine → state), printed beside the raw matching-engine rate on the same order stream
/// and this machine's Ed25519 verification rate, with both ratios (issue 5's benchmark).</summary>
internal static class OrdersBenchCommand
{
    private static readonly string[] Zones = ["Z1", "Z2", "Z3", "Z4"];

    /// <summary>One order of the stream: who signs it and what it asks.</summary>
    private readonly record struct BenchOrder(int Trader, SlotId Slot, Side Side, string Zone, long Price, long Quantity);

    public static Command Create()
    {
        var traders = new Option<int>("--traders") { Description = "Funded traders; every other one is a seller with a production meter", DefaultValueFactory =
            _ => 4_000 };
        var perTrader = new Option<int>("--per-trader") { Description = "Orders each trader signs", DefaultValueFactory = _ => 25 };
        var slots = new Option<int>("--slots") { Description = "Delivery slots the orders spread over (one book each), starting an hour ahead",
            DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch") { Description = "Transactions per binary batch request", DefaultValueFactory = _ => 2_000 };
        var clients = new Option<int>("--clients") { Description = "Concurrent submitting clients", DefaultValueFactory = _ => 2 };
        var orders = new Command("orders", "Signed limit orders (both sides, four zones, crossing sometimes) through a dev node; print orders/s committed " +
            "beside the matching engine's rate on the same stream and this machine's Ed25519 verification rate")
            { traders, perTrader, slots, batch, clients };
        orders.SetAction((parse, ct) => CliAction.RunAsync(() =>
            Run(parse.GetValue(traders), parse.GetValue(perTrader), parse.GetValue(slots), parse.GetValue(batch), parse.GetValue(clients), ct)));
        return orders;
    }

    private static SigningKey TraderKey(int i) => SigningKey.FromSeed(Hashing.Domain("gridforge bench trader", BitConverter.GetBytes(i)).ToArray());

    private static MeterId SellerMeter(int i) => MeterKey.FromSeed(Hashing.Domain("gridforge bench seller meter", BitConverter.GetBytes(i)).ToArray()).Id;

    /// <summary>Four zones in a ring, links roomy enough that capacity never decides a trade here (the rules are tested elsewhere).</summary>
    private static GridGenesis BenchGrid() => new()
    {
        Zones = [.. Zones],
        LocalFee = 5_000,
        CongestionPermille = 500,
        Links = [.. Zones.Select((z, i) => new GridGenesisLink { From = z, To = Zones[(i + 1) % Zones.Length], Fee = 10_000, Capacity = 1_000_000_000 })],
    };

    private static async Task<int> Run(int traderCount, int perTrader, int slotCount, int batchSize, int clientCount, CancellationToken ct)
    {
        if (traderCount < 2 || perTrader < 1 || slotCount is < 1 or > 8 || batchSize < 1 || clientCount < 1)
        {
            throw new CliException("traders ≥ 2, per-trader ≥ 1, 1 ≤ slots ≤ 8, batch ≥ 1, clients ≥ 1");
        }

        var data = Path.Combine(Path.GetTempPath(), $"gridforge-bench-orders-{Environment.ProcessId}");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        var total = traderCount * perTrader;
        AnsiConsole.MarkupLine($"[grey]bench orders: {traderCount:N0} traders × {perTrader} orders = {total:N0}, {slotCount} slots, {Zones.Length} zones, " +
            $"batches of {batchSize:N0}, {clientCount} clients, {Environment.ProcessorCount} cores[/]");

        var keys = new SigningKey[traderCount];
        Parallel.For(0, traderCount, i => keys[i] = TraderKey(i));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var genesis = DevChain.Genesis(now, keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000_000 }));
        genesis.Extra![GridGenesis.SectionName] = BenchGrid().ToJsonElement();

        // Slots an hour ahead and on: open for orders, and their gate closures far beyond the run.
        var firstSlot = (now / 900) + 4;
        var stream = Stream(traderCount, perTrader, slotCount, firstSlot);
        var txs = new Transaction[total];
        Parallel.For(0, traderCount, t =>
        {
            for (var n = 0; n < perTrader; n++)
            {
                var o = stream[(n * traderCount) + t];
                txs[(n * traderCount) + t] = Transaction.Sign(keys[t], DevChain.ChainId, (ulong)n, 100, 1_000_000,
                    new PlaceOrderMessage(o.Slot, o.Side, OrderKind.LimitGtc, new ZoneId(o.Zone), new PricePerKwh(o.Price), new Wh(o.Quantity)));
            }
        });

        var engineRates = MeasureEngineRate(stream, keys, firstSlot, slotCount);
        var sample = txs.Take(20_000).ToArray();
        var verifyBefore = BenchCommand.MeasureVerifyRate(sample, TimeSpan.FromSeconds(3));
        var loadBefore = BenchCommand.LoadAverage();

        var chain = ChainNode.Open(data, genesis, DevAccounts.Key("validator"));
        await using var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true).ConfigureAwait(false);
        using var client = new NodeClient(host.Url);
        await RegisterSellerMeters(client, chain, keys, ct).ConfigureAwait(false);

        long placed = 0, refused = 0, trades = 0;
        string? firstRefusal = null;
        var startHeight = chain.Height;
        chain.BlockCommitted += (_, results, _) =>
        {
            foreach (var r in results)
            {
                if (r.Rejection is { } rejection)
                {
                    Interlocked.Increment(ref refused);
                    Interlocked.CompareExchange(ref firstRefusal, $"{rejection.Code}: {rejection.Message}", null);
                    continue;
                }

                foreach (var e in r.Events)
                {
                    if (e.Kind == MarketEvents.OrderPlaced) Interlocked.Increment(ref placed);
                    else if (e.Kind == MarketEvents.Trade) Interlocked.Increment(ref trades);
                }
            }
        };

        // Each client owns a share of the traders and sends their orders in nonce order.
        var perClient = Enumerable.Range(0, clientCount)
            .Select(c => txs.Where((_, i) => i % traderCount % clientCount == c).Chunk(batchSize).ToArray())
            .ToArray();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(perClient.Select(batches => Submit(client, batches, ct))).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        while (Interlocked.Read(ref placed) + Interlocked.Read(ref refused) < total && sw.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(20, ct).ConfigureAwait(false);
        }

        var seconds = sw.Elapsed.TotalSeconds;
        var loadAfter = BenchCommand.LoadAverage();
        var blocks = chain.Height - startHeight;
        var resting = MarketQueries.OpenSlots(chain.State).Sum(s => MarketQueries.Book(chain.State, new SlotId(s))?.RestingCount ?? 0);
        await host.DisposeAsync().ConfigureAwait(false);
        // Other processes share the cores: the machine's rate is taken before and after the run, and averaged.
        var verifyAfter = BenchCommand.MeasureVerifyRate(sample, TimeSpan.FromSeconds(3));
        var verifyRate = (verifyBefore + verifyAfter) / 2;
        var engineRate = engineRates.Order().ElementAt(engineRates.Length / 2);
        var rate = Interlocked.Read(ref placed) / seconds;

        var table = new Table().AddColumns("figure", "value");
        table.AddRow("orders committed", $"{placed:N0} of {total:N0} ({refused:N0} refused{(firstRefusal is null ? "" : $", first: " +
            $"{Markup.Escape(firstRefusal)}")})");
        table.AddRow("trades", $"{trades:N0} ({resting:N0} orders left resting)");
        table.AddRow("blocks", $"{blocks:N0}");
        table.AddRow("submission time", $"{submitSeconds:F2} s");
        table.AddRow("time to last commit", $"{seconds:F2} s");
        table.AddRow("[bold]orders/s committed (full path)[/]", $"[bold]{rate:N0}[/]");
        table.AddRow("matching engine alone, same stream (median of 5)",
            $"{engineRate:N0} orders/s (runs: " +
            $"{string.Join(", ", engineRates.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))})");
        table.AddRow("Ed25519 verifications/s (all cores)", $"{verifyRate:N0} (before {verifyBefore:N0}, after {verifyAfter:N0})");
        table.AddRow("load average (1 min) before, after", $"{loadBefore}, {loadAfter}");
        table.AddRow("[bold]ratio to the matching engine[/]", $"[bold]{rate / engineRate:F4}[/]");
        table.AddRow("[bold]ratio to Ed25519 verification[/]", $"[bold]{rate / verifyRate:F3}[/]");
        AnsiConsole.Write(table);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT orders_per_s={rate:F0} engine_rate={engineRate:F0} verify_rate={verifyRate:F0} engine_ratio={rate / engineRate:F5} ") +
            FormattableString.Invariant($"verify_ratio={rate / verifyRate:F3} trades={trades} load={loadBefore},{loadAfter}"));
        Directory.Delete(data, true);
        return placed == total ? 0 : 1;
    }

    /// <summary>The order stream in submission order (nonce-major, so every trader's orders keep their nonce order):
    /// sellers (even traders) offer in their meter's zone, buyers bid anywhere, both around 50,000 µWATT/kWh with a
    /// spread that makes about a third of the orders cross.</summary>
    private static BenchOrder[] Stream(int traderCount, int perTrader, int slotCount, long firstSlot)
    {
        var random = new Random(20261124);
        var stream = new BenchOrder[traderCount * perTrader];
        for (var n = 0; n < perTrader; n++)
        {
            for (var t = 0; t < traderCount; t++)
            {
                var sell = t % 2 == 0;
                var zone = sell ? Zones[t / 2 % Zones.Length] : Zones[random.Next(Zones.Length)];
                var price = sell ? 40_000 + (random.Next(40) * 1_000) : 30_000 + (random.Next(40) * 1_000);
                stream[(n * traderCount) + t] = new BenchOrder(t, new SlotId(firstSlot + random.Next(slotCount)), sell ? Side.Sell : Side.Buy, zone, price, 100
                    + random.Next(900));
            }
        }

        return stream;
    }

    /// <summary>The same stream through bare matching engines (one per slot, on the same grid and price limit): orders/s of five runs.</summary>
    private static double[] MeasureEngineRate(BenchOrder[] stream, SigningKey[] keys, long firstSlot, int slotCount)
    {
        var g = BenchGrid();
        var builder = new GridBuilder { LocalFee = g.LocalFee, CongestionPermille = g.CongestionPermille, PriceLimit = 9_999_990 };
        foreach (var z in g.Zones) builder.AddZone(z);
        foreach (var l in g.Links) builder.AddLink(l.From, l.To, l.Fee, l.Capacity);
        var grid = builder.Build();
        var accounts = keys.Select(k => MarketGrids.Account(k.Address)).ToArray();
        var requests = stream.Select((o, i) => (Slot: (int)(o.Slot.Index - firstSlot),
            Order: new OrderRequest(new OrderId(i + 1), accounts[o.Trader], o.Side, OrderKind.LimitGtc,
            grid.TryGetZone(o.Zone, out var z) ? z : throw new InvalidOperationException(o.Zone), o.Price, o.Quantity))).ToArray();
        var options = new MatchingEngineOptions { ExpectedOrders = stream.Length, ExpectedResting = stream.Length };
        var rates = new double[5];
        // The first run warms the JIT up and is not counted.
        for (var run = -1; run < rates.Length; run++)
        {
            var engines = Enumerable.Range(0, slotCount).Select(_ => new MatchingEngine(grid, options)).ToArray();
            var sw = Stopwatch.StartNew();
            foreach (ref readonly var r in requests.AsSpan())
            {
                if (engines[r.Slot].Submit(r.Order) != RejectCode.None) throw new InvalidOperationException("the engine refused a bench order");
            }

            if (run >= 0) rates[run] = requests.Length / sw.Elapsed.TotalSeconds;
        }

        return rates;
    }

    /// <summary>The DSO registers a production meter for every seller (untimed), and the bench waits until all are active.</summary>
    private static async Task RegisterSellerMeters(NodeClient client, ChainNode chain, SigningKey[] keys, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var dso = DevAccounts.Key("dso");
        var sellers = Enumerable.Range(0, keys.Length).Where(t => t % 2 == 0).ToArray();
        var registrations = new Transaction[sellers.Length];
        // 1 MW: floor(1,000,000 W × 900 s / 3,600) = 250,000 Wh a slot, above anything a seller offers here.
        Parallel.For(0, sellers.Length, i => registrations[i] = Transaction.Sign(dso, DevChain.ChainId, (ulong)i, 100, 1_000_000,
            new RegisterMeterMessage(SellerMeter(sellers[i]), keys[sellers[i]].Address, new ZoneId(Zones[sellers[i] / 2 % Zones.Length]),
                MeterKind.Production, MeterTechnology.Solar, 1_000_000, new Wh(0), new Wh(0), "")));
        foreach (var chunk in registrations.Chunk(2_000))
        {
            // One account's pending transactions are bounded by the mempool.
            while (chain.MempoolCount > 6_000) await Task.Delay(50, ct).ConfigureAwait(false);
            var results = await client.SubmitBinaryBatchAsync([.. chunk.Select(t => t.Encoded)], ct).ConfigureAwait(false);
            if (results.Rejected.FirstOrDefault() is { } refused) throw new CliException(
                $"a meter registration was refused: {refused.Code}: {refused.Message}");
        }

        while (Zones.Sum(z => MeteringQueries.ActiveMetersIn(chain.State, new ZoneId(z))) < sellers.Length)
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(5)) throw new CliException("the seller meters were not registered within 5 minutes");
            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        AnsiConsole.MarkupLine($"[grey]{sellers.Length:N0} seller meters registered in {sw.Elapsed.TotalSeconds:F1} s (untimed)[/]");
    }

    /// <summary>One client's batches in order; what the mempool has no room for is sent again, with what follows it.</summary>
    private static async Task Submit(NodeClient client, Transaction[][] batches, CancellationToken ct)
    {
        foreach (var batch in batches)
        {
            var pending = batch;
            while (pending.Length > 0)
            {
                var results = await client.SubmitBinaryBatchAsync([.. pending.Select(t => t.Encoded)], ct).ConfigureAwait(false);
                if (results.Rejected.Count == 0) break;
                var first = results.Rejected[0];
                if (first.Code != "mempool_full") throw new CliException($"an order was refused at admission: {first.Code}: {first.Message}");
                pending = pending[first.Index..];
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }
}
