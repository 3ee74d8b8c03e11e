using System.Diagnostics;
using System.Globalization;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Bench;

/// <summary><c>gridforge bench orders</c>: signed limit orders through a dev node's full path (REST binary batch → mempool →
/// block → market module → matching engine → state), printed beside the raw matching-engine rate on the same order stream
/// and this machine's Ed25519 verification rate, with both ratios (issue 5's benchmark).</summary>
internal sealed class OrdersLoad : IBenchLoad
{
    private static readonly string[] Zones = ["Z1", "Z2", "Z3", "Z4"];
    private readonly int _traders, _perTrader, _slots, _batch, _clients;

    /// <summary>One order of the stream: who signs it and what it asks.</summary>
    private readonly record struct BenchOrder(int Trader, SlotId Slot, Side Side, string Zone, long Price, long Quantity);

    public OrdersLoad(int traders, int perTrader, int slots, int batch, int clients)
    {
        if (traders < 2 || perTrader < 1 || slots is < 1 or > 8 || batch < 1 || clients < 1)
        {
            throw new CliException("traders ≥ 2, per-trader ≥ 1, 1 ≤ slots ≤ 8, batch ≥ 1, clients ≥ 1");
        }

        (_traders, _perTrader, _slots, _batch, _clients) = (traders, perTrader, slots, batch, clients);
    }

    /// <summary>Four zones in a ring, links roomy enough that capacity never decides a trade here (the rules are tested elsewhere).</summary>
    private static GridGenesis BenchGrid() => new()
    {
        Zones = [.. Zones],
        LocalFee = 5_000,
        CongestionPermille = 500,
        Links = [.. Zones.Select((z, i) => new GridGenesisLink { From = z, To = Zones[(i + 1) % Zones.Length], Fee = 10_000, Capacity = 1_000_000_000 })],
    };

    public async Task<BenchReport> RunAsync(CancellationToken ct)
    {
        var total = _traders * _perTrader;
        BenchHarness.Note($"bench orders: {_traders:N0} traders × {_perTrader} orders = {total:N0}, {_slots} slots, {Zones.Length} zones, " +
            $"batches of {_batch:N0}, {_clients} clients, {BenchHarness.Cores}");

        var keys = new SigningKey[_traders];
        Parallel.For(0, _traders, i => keys[i] = BenchTransactions.TraderKey(i));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var genesis = DevChain.Genesis(now, keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000_000 }));
        genesis.Extra![GridGenesis.SectionName] = BenchGrid().ToJsonElement();

        // Slots an hour ahead and on: open for orders, and their gate closures far beyond the run.
        var firstSlot = (now / 900) + 4;
        var stream = Stream(firstSlot);
        var txs = new Transaction[total];
        Parallel.For(0, _traders, t =>
        {
            for (var n = 0; n < _perTrader; n++)
            {
                var o = stream[(n * _traders) + t];
                txs[(n * _traders) + t] = BenchTransactions.PlaceOrder(keys[t], DevChain.ChainId, (ulong)n, o.Slot, o.Side, o.Zone, o.Price, o.Quantity);
            }
        });

        var engineRates = MeasureEngineRate(stream, keys, firstSlot);
        var limit = MachineLimit.Measure(txs);

        await using var node = await BenchNode.StartAsync("orders", genesis).ConfigureAwait(false);
        var chain = node.Chain;
        await RegisterSellerMetersAsync(node, keys, ct).ConfigureAwait(false);

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
        var perClient = Enumerable.Range(0, _clients)
            .Select(c => txs.Where((_, i) => i % _traders % _clients == c).Chunk(_batch).ToArray())
            .ToArray();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(perClient.Select(batches => BenchNode.SubmitInOrderAsync(batches, (b, t) => BenchNode.SendBinaryAsync(node.Client, b, t),
            "an order was refused at admission", ct))).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        await BenchHarness.WaitUntilAsync(() => Interlocked.Read(ref placed) + Interlocked.Read(ref refused) >= total, sw, TimeSpan.FromMinutes(10), ct)
            .ConfigureAwait(false);

        var seconds = sw.Elapsed.TotalSeconds;
        var blocks = chain.Height - startHeight;
        var resting = MarketQueries.OpenSlots(chain.State).Sum(s => MarketQueries.Book(chain.State, new SlotId(s))?.RestingCount ?? 0);
        // Other processes share the cores: the machine's rate is taken before and after the run, and averaged.
        var loadAfter = MachineLimit.LoadAverage();
        await node.StopAsync().ConfigureAwait(false);
        limit.MeasureAfter(loadAfter);
        var engineRate = engineRates.Order().ElementAt(engineRates.Length / 2);
        var rate = Interlocked.Read(ref placed) / seconds;

        var first = firstRefusal is null ? "" : $", first: {Markup.Escape(firstRefusal)}";
        return new BenchReport { ExitCode = placed == total ? 0 : 1 }
            .Row("orders committed", $"{placed:N0} of {total:N0} ({refused:N0} refused{first})")
            .Row("trades", $"{trades:N0} ({resting:N0} orders left resting)")
            .Timing(blocks, submitSeconds, seconds)
            .Headline("orders/s committed (full path)", $"{rate:N0}")
            .Row("matching engine alone, same stream (median of 5)",
                $"{engineRate:N0} orders/s (runs: {string.Join(", ", engineRates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))})")
            .Row(MachineLimit.VerifyFigure, limit.VerifyValue)
            .Row(MachineLimit.LoadFigure, limit.LoadRow)
            .Headline("ratio to the matching engine", $"{rate / engineRate:F4}")
            .Headline("ratio to Ed25519 verification", $"{limit.Ratio(rate):F3}")
            .Result("orders_per_s", rate, "F0").Result("engine_rate", engineRate, "F0").Result("verify_rate", limit.VerifyRate, "F0")
            .Result("engine_ratio", rate / engineRate, "F5").Result("verify_ratio", limit.Ratio(rate), "F3").Result("trades", trades)
            .Result("load", limit.LoadField);
    }

    /// <summary>The order stream in submission order (nonce-major, so every trader's orders keep their nonce order):
    /// sellers (even traders) offer in their meter's zone, buyers bid anywhere, both around 50,000 µWATT/kWh with a
    /// spread that makes about a third of the orders cross.</summary>
    private BenchOrder[] Stream(long firstSlot)
    {
        var random = new Random(20261124);
        var stream = new BenchOrder[_traders * _perTrader];
        for (var n = 0; n < _perTrader; n++)
        {
            for (var t = 0; t < _traders; t++)
            {
                var sell = t % 2 == 0;
                var zone = sell ? Zones[t / 2 % Zones.Length] : Zones[random.Next(Zones.Length)];
                var price = sell ? 40_000 + (random.Next(40) * 1_000) : 30_000 + (random.Next(40) * 1_000);
                stream[(n * _traders) + t] = new BenchOrder(t, new SlotId(firstSlot + random.Next(_slots)), sell ? Side.Sell : Side.Buy, zone, price, 100
                    + random.Next(900));
            }
        }

        return stream;
    }

    /// <summary>The same stream through bare matching engines (one per slot, on the same grid and price limit): orders/s of five runs.</summary>
    private double[] MeasureEngineRate(BenchOrder[] stream, SigningKey[] keys, long firstSlot)
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
            var engines = Enumerable.Range(0, _slots).Select(_ => new MatchingEngine(grid, options)).ToArray();
            var sw = Stopwatch.StartNew();
            foreach (ref readonly var r in requests.AsSpan())
            {
                if (engines[r.Slot].Submit(r.Order) != RejectCode.None) throw new InvalidOperationException("the engine refused a bench order");
            }

            if (run >= 0) rates[run] = requests.Length / sw.Elapsed.TotalSeconds;
        }

        return rates;
    }

    /// <summary>The DSO registers a 1 MW production meter for every seller (untimed): floor(1,000,000 W × 900 s / 3,600) = 250,000 Wh
    /// a slot, above anything a seller offers here.</summary>
    private static Task RegisterSellerMetersAsync(BenchNode node, SigningKey[] keys, CancellationToken ct)
    {
        var dso = DevAccounts.Key("dso");
        var sellers = Enumerable.Range(0, keys.Length).Where(t => t % 2 == 0).ToArray();
        var registrations = new Transaction[sellers.Length];
        Parallel.For(0, sellers.Length, i => registrations[i] = BenchTransactions.RegisterMeter(dso, DevChain.ChainId, (ulong)i,
            BenchTransactions.SellerMeter(sellers[i]), keys[sellers[i]].Address, Zones[sellers[i] / 2 % Zones.Length], MeterKind.Production, 1_000_000));
        return node.RegisterMetersAsync(registrations, Zones, "seller meters", ct);
    }
}
