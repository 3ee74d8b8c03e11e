using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using static GridForge.Runtime.Tests.Modules.Contracts.ContractChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>Over random books, terms and forecasts: a residential rule stays within what its owner allowed, and its orders
/// trade exactly as the same orders placed by hand would (no back door).</summary>
public sealed class ResidentialPropertyTests
{
    private static readonly SigningKey Alice = GridTestChain.Alice;
    private static readonly SigningKey Bob = GridTestChain.Bob;
    private static readonly SlotId S = Ahead(3);

    private sealed record Scenario(IReadOnlyList<(int Who, Side Side, string Zone, long Price, long Wh)> Book, ResidentialTerms Terms, long Export,
        long Import);

    private static readonly Gen<(int, Side, string, long, long)> RestingOrder =
        Gen.Select(Gen.Int[0, 1], Gen.Bool, Gen.Int[0, 1], Gen.Long[20, 150], Gen.Long[1, 15])
            .Select((who, sell, zone, price, wh) => (who, sell ? Side.Sell : Side.Buy, zone == 0 ? "Z1" : "Z2", price * 1_000, wh * 100));

    private static readonly Gen<Scenario> Scenarios =
        Gen.Select(RestingOrder.List[0, 8], Gen.Long[0, 5], Gen.Long[30, 90], Gen.Long[0, 30], Gen.Long[40, 150], Gen.Int[0, 4], Gen.Int[0, 7], Gen.Long[0, 30])
            .SelectMany((book, reserve, floor, limit, ceiling, budget, selective, flow) => Gen.Long[0, 30].Select(other => new Scenario(book,
                new ResidentialTerms(new ZoneId("Z1"), new Wh(reserve * 100), new PricePerKwh(floor * 1_000), new Wh(limit * 100),
                    new PricePerKwh(ceiling * 1_000), (ulong)budget * 60_000, (selective & 1) != 0,
                    (selective & 2) != 0 ? [Charlie.Address] : [], (selective & 4) != 0 ? [new ZoneId("Z1")] : []),
                flow * 100, other * 100)));

    private static GridTestChain Community(Scenario scenario)
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);
        chain.ProductionMeter("bob-other", Bob.Address, technology: MeterTechnology.Other);
        chain.ProductionMeter("charlie-wind", Charlie.Address, zone: "Z2", technology: MeterTechnology.Wind);
        foreach (var (who, side, zone, price, wh) in scenario.Book)
        {
            var key = who == 0 ? Bob : Charlie;
            // Sellers sell from their own meter's zone; a refused order is simply not there, the same on every chain.
            var at = side == Side.Sell ? (who == 0 ? "Z1" : "Z2") : zone;
            chain.Run(key, new PlaceOrderMessage(S, side, OrderKind.LimitGtc, new ZoneId(at), new PricePerKwh(price), new Wh(wh)));
        }

        return chain;
    }

    [Fact]
    public void ARule_StaysWithinItsOwnersBounds_AndTradesExactlyAsTheSameOrdersByHand() => Scenarios.Sample(scenario =>
    {
        var byContract = Community(scenario);
        var id = byContract.Create(Alice, scenario.Terms, S, S);
        byContract.Ok(Alice, new SetForecastMessage(id, S, new Wh(scenario.Export), new Wh(scenario.Import)));
        var events = byContract.BlockAt(RunTime(S));
        var placed = events.Decoded<ContractOrderPlaced>().Select(e => MarketStore.Order(byContract.State, e.Order)!).ToList();
        var terms = scenario.Terms;

        // Bounds: sells at the floor for at most the surplus above the reserve; buys at most the ceiling, for at most the
        // shortfall and the limit, within the budget; a selective rule rests no bid and buys only from qualifying sellers.
        Assert.All(placed.Where(o => o.Side == Side.Sell), o => Assert.Equal(terms.FloorPrice.MicroPerKwh, o.Price));
        Assert.True(placed.Where(o => o.Side == Side.Sell).Sum(o => o.Quantity) <= Math.Max(0, scenario.Export - scenario.Import - terms.ReserveWh.Value));
        var buys = placed.Where(o => o.Side == Side.Buy).ToList();
        Assert.All(buys, o => Assert.True(o.Price <= terms.CeilingPrice.MicroPerKwh));
        Assert.True(buys.Sum(o => o.Filled) <= Math.Min(terms.BuyLimitWh.Value, Math.Max(0, scenario.Import - scenario.Export)));
        if (terms.DailyBudget > 0) Assert.True(buys.Sum(o => (long)o.Escrow + Math.Max(0, Escrow.Ceil(new Wh(o.Filled),
            new PricePerKwh(o.Price)))) <= (long)terms.DailyBudget);
        var trades = MarketStore.Trades(byContract.State, S);
        if (terms.Selective)
        {
            Assert.All(buys, o => Assert.NotEqual(MarketOrderStatus.Resting, o.Status));
            var listed = terms.PreferredCounterparties.Count > 0 || terms.PreferredZones.Count > 0;
            Assert.All(trades.Where(t => t.Buyer == Alice.Address), t => Assert.True(
                (!listed || terms.PreferredCounterparties.Contains(t.Seller) || terms.PreferredZones.Contains(t.SellZone))
                && (!terms.GreenOnly || t.Seller == Charlie.Address), $"bought from {t.Seller} in {t.SellZone}"));
        }

        // The same orders by hand, in one block at the same time, on the same book: the same trades and the same book.
        var byHand = Community(scenario);
        byHand.Time = RunTime(S);
        var results = byHand.RunBlock([.. placed.Select(o => byHand.Sign(Alice, new PlaceOrderMessage(S, o.Side, o.Kind, o.Zone, new PricePerKwh(o.Price),
            new Wh(o.Quantity))))]);
        Assert.All(results, r => Assert.True(r.Success, r.Rejection?.ToString()));
        Assert.Equal(trades, MarketStore.Trades(byHand.State, S));
        Assert.Equal(Resting(byContract), Resting(byHand));
    }, iter: 60, threads: 1);

    private static IEnumerable<(Address, Side, long, long)> Resting(GridTestChain chain) =>
        MarketStore.Book(chain.State, S) is { } book ? MarketStore.Resting(chain.State, book).Select(o => (o.Owner, o.Side, o.Price, o.Remaining)) : [];
}
