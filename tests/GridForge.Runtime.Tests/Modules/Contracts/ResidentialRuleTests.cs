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

/// <summary>The residential trading rule: what it offers and bids each slot, within its owner's bounds, through ordinary orders.</summary>
public sealed class ResidentialRuleTests
{
    private static readonly Core.Crypto.SigningKey Alice = GridTestChain.Alice;
    private static readonly Core.Crypto.SigningKey Bob = GridTestChain.Bob;

    [Fact]
    public void ARule_OffersTheForecastSurplusAboveTheReserve_AtTheFloor_AsAnOrdinaryOrderTaggedWithTheContract()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);                                        // both ways, 2,500 Wh per slot
        var s = Ahead(3);
        var id = chain.Create(Alice, Residential(reserve: 300, floor: 50_000), s, Ahead(10));
        chain.Ok(Alice, new SetForecastMessage(id, s, ExportWh: new Wh(2_000), ImportWh: new Wh(400)));
        Assert.Empty(chain.ContractOrders(Alice.Address, id));
        chain.BlockAt(RunTime(s) - 1);
        Assert.Empty(chain.ContractOrders(Alice.Address, id));

        var events = chain.BlockAt(RunTime(s));
        var order = Assert.Single(chain.ContractOrders(Alice.Address, id));
        // Net 2,000 − 400 = 1,600 Wh, minus the 300 Wh reserve: 1,300 Wh offered at the floor, resting until gate closure.
        Assert.Equal((Side.Sell, OrderKind.LimitGtc, 50_000L, 1_300L, MarketOrderStatus.Resting, s),
            (order.Side, order.Kind, order.Price, order.Quantity, order.Status, order.Slot));
        Assert.Contains(events.Decoded<OrderPlaced>(), e => e.Contract == id);
        Assert.Contains(events.Decoded<ContractOrderPlaced>(), e => e.Order == order.Id);
        Assert.Equal(s.Index + 1, chain.Contract(id).NextSlot);
    }

    [Fact]
    public void ARule_BidsTheShortfallUpToItsLimit_AtTheCeiling_AndTradesAgainstRestingOffers()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);
        chain.ProductionMeter("bob-pv", Bob.Address);
        var s = Ahead(3);
        chain.Place(Bob, Sell(s, 40_000, 1_000));
        var id = chain.Create(Alice, Residential(buyLimit: 1_500, ceiling: 90_000), s, s);
        chain.Ok(Alice, new SetForecastMessage(id, s, ExportWh: new Wh(100), ImportWh: new Wh(2_100)));
        chain.BlockAt(RunTime(s));

        // Shortfall 2,000 Wh capped at the 1,500 Wh limit: 1,000 Wh trade at bob's 40,000 (+ 5,000 local fee), 500 Wh rest at 90,000.
        var order = Assert.Single(chain.ContractOrders(Alice.Address, id));
        Assert.Equal((Side.Buy, 90_000L, 1_500L, 1_000L, 500L), (order.Side, order.Price, order.Quantity, order.Filled, order.Remaining));
        var trade = Assert.Single(MarketStore.Trades(chain.State, s));
        Assert.Equal((Alice.Address, Bob.Address, 40_000L, 45_000L, 1_000L), (trade.Buyer, trade.Seller, trade.Price, trade.BuyerPrice, trade.Quantity));
    }

    [Fact]
    public void WithoutAForecast_ARule_UsesTheMetersReadingsOfTheSameSlotADayEarlier()
    {
        var chain = Create();
        var meter = chain.Registered("alice-home", Alice.Address);
        var yesterday = Ahead(2);
        var s = new SlotId(yesterday.Index + 96);
        chain.Time = Start(yesterday) + 900 + 10;
        chain.Submit(meter.Read(yesterday, 200, 1_700, 200, 1_700));
        var id = chain.Create(Alice, Residential(reserve: 500), s, s);
        chain.BlockAt(RunTime(s));
        var order = Assert.Single(chain.ContractOrders(Alice.Address, id));
        Assert.Equal((Side.Sell, 1_000L), (order.Side, order.Quantity));                     // 1,700 − 200 − 500
    }

    [Fact]
    public void ADailyBudget_BoundsWhatTheDaysBuysCanCost_AndExpiredBidsGiveTheirShareBack()
    {
        // Contracts act an hour before gate closure here, so slot 2 runs while slot 1's bid still rests.
        var chain = new GridTestChain(b => b.Funding(Charlie).WithParam(ContractsModule.ModuleName, ContractsModule.LeadSeconds.Name, 3_600));
        chain.Registered("alice-home", Alice.Address);
        var (s1, s2, s3) = (Ahead(5), Ahead(6), Ahead(10));
        long Run(SlotId s) => Start(s) - 300 - 3_600;
        var id = chain.Create(Alice, Residential(buyLimit: 5_000, ceiling: 100_000, budget: 150_000), s1, s3);
        foreach (var s in (SlotId[])[s1, s2, s3]) chain.Ok(Alice, new SetForecastMessage(id, s, new Wh(0), new Wh(4_000)));

        chain.BlockAt(Run(s1));
        // 150,000 µWATT at 100,000 µWATT/kWh buys at most 1,500 Wh, though 4,000 are short.
        Assert.Equal(1_500L, chain.ContractOrders(Alice.Address, id).Single().Quantity);
        // Slot 2 runs while slot 1's bid still holds the whole budget: nothing is bid.
        var events = chain.BlockAt(Run(s2));
        Assert.Single(chain.ContractOrders(Alice.Address, id));
        Assert.Contains(events.Decoded<ContractActionRefused>(), e => e.Action == "buy");
        // Slot 1's bid expires unfilled at its gate (before slot 3's run), so slot 3 may use the budget again.
        chain.BlockAt(Run(s3));
        var orders = chain.ContractOrders(Alice.Address, id);
        Assert.Equal(MarketOrderStatus.Expired, orders[0].Status);
        Assert.Equal((s3, 1_500L), (orders[^1].Slot, orders[^1].Quantity));
    }

    [Fact]
    public void AGreenOnlyRule_TakesOnlySolarOrWindOffers_AndNeverRestsABidAnyoneCouldHit()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);
        chain.ProductionMeter("charlie-wind", Charlie.Address, technology: MeterTechnology.Wind);
        chain.ProductionMeter("bob-diesel", Bob.Address, technology: MeterTechnology.Other);
        var s = Ahead(3);
        chain.Place(Charlie, Sell(s, 60_000, 600));
        chain.Place(Charlie, Sell(s, 62_000, 600));
        chain.Place(Bob, Sell(s, 64_000, 2_000));
        chain.Place(Charlie, Sell(s, 66_000, 600));
        var id = chain.Create(Alice, Residential(buyLimit: 3_000, ceiling: 100_000, greenOnly: true), s, s);
        chain.Ok(Alice, new SetForecastMessage(id, s, new Wh(0), new Wh(3_000)));
        chain.BlockAt(RunTime(s));

        // Charlie's two best offers are taken (ioc orders at 65,000 and 67,000 all-in); bob's grey offer is next best, so the
        // rule stops there: taking charlie's 66,000 would mean an order that takes bob's first.
        var trades = MarketStore.Trades(chain.State, s);
        Assert.Equal([(Charlie.Address, 600L, 60_000L), (Charlie.Address, 600L, 62_000L)], trades.Select(t => (t.Seller, t.Quantity, t.Price)));
        Assert.All(chain.ContractOrders(Alice.Address, id), o => Assert.Equal((OrderKind.LimitIoc, MarketOrderStatus.Filled), (o.Kind, o.Status)));
        Assert.Equal(2, MarketStore.Book(chain.State, s)!.RestingCount);                      // bob's and charlie's last offers rest
    }

    [Fact]
    public void APreferredCounterparty_IsTakenEvenAcrossAZone_AndOthersAreNot()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);
        chain.ProductionMeter("charlie-pv", Charlie.Address, zone: "Z2");
        chain.ProductionMeter("bob-pv", Bob.Address);
        var s = Ahead(3);
        chain.Place(Charlie, Sell(s, 50_000, 1_000, zone: "Z2"));                             // 50,000 + 10,000 link fee = 60,000
        chain.Place(Bob, Sell(s, 58_000, 1_000));                                              // 58,000 + 5,000 local = 63,000
        var id = chain.Create(Alice, Residential(buyLimit: 3_000, ceiling: 100_000, preferred: [Charlie.Address]), s, s);
        chain.Ok(Alice, new SetForecastMessage(id, s, new Wh(0), new Wh(3_000)));
        chain.BlockAt(RunTime(s));
        var trade = Assert.Single(MarketStore.Trades(chain.State, s));
        Assert.Equal((Charlie.Address, 1_000L, 60_000L), (trade.Seller, trade.Quantity, trade.BuyerPrice));
    }

    [Fact]
    public void ARefusedOrder_IsAContractEventAndChangesNothingElse()
    {
        var chain = Create();
        var s = Ahead(3);
        // alice has no meter: the rule cannot sell.
        var id = chain.Create(Alice, Residential(), s, s);
        chain.Ok(Alice, new SetForecastMessage(id, s, new Wh(1_000), new Wh(0)));
        var events = chain.BlockAt(RunTime(s));
        Assert.Equal("sell", Assert.Single(events.Decoded<ContractActionRefused>()).Action);
        Assert.Empty(chain.ContractOrders(Alice.Address, id));
        Assert.Null(MarketStore.Book(chain.State, s));
    }

    [Fact]
    public void SlotsWhoseGateClosedBeforeABlockCame_AreMissedInOneEvent_AndTheRuleEndsAfterItsLastSlot()
    {
        var chain = Create();
        var id = chain.Create(Alice, Residential(), Ahead(3), Ahead(6));
        var events = chain.BlockAt(Start(Ahead(6)));
        Assert.Equal(4, Assert.Single(events.Decoded<ContractSlotsMissed>()).Count);
        Assert.Equal(ContractStatus.Ended, chain.Contract(id).Status);
        Assert.DoesNotContain((long)id, ContractStore.Live(chain.State));
    }
}
