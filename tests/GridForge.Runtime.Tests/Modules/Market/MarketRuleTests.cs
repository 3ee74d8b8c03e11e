using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Market;

/// <summary>The market module's rules: escrow, meter-backed selling, slot windows, ownership, gate closure, and the
/// engine cache that is rebuilt from state.</summary>
public sealed class MarketRuleTests
{
    private static readonly SlotId S = Ahead(2);

    [Fact]
    public void Buy_ReservesItsAllInPriceTimesQuantity_AndATradeReleasesTheExcess()
    {
        var chain = Create();
        chain.ProductionMeter("alice-pv", GridTestChain.Alice.Address);
        var bobFree = chain.Watt(GridTestChain.Bob).Free;
        var buy = chain.Place(GridTestChain.Bob, Buy(S, 80_000, 2_000));
        Assert.Equal(160_000UL, chain.Watt(GridTestChain.Bob).Reserved);
        Assert.Equal(bobFree - 160_000 - 1_000, chain.Watt(GridTestChain.Bob).Free);

        var events = chain.Ok(GridTestChain.Alice, Sell(S, 60_000, 1_500));
        var trade = Assert.Single(events.Decoded<TradeExecuted>());
        // The resting buy sets the price: the buyer pays 80,000, the seller receives 80,000 - 5,000 (local fee).
        Assert.Equal((80_000L, 5_000L, 1_500L, 80_000L, 75_000L), (trade.Price, trade.Fee, trade.Quantity, trade.BuyerPrice, trade.SellerPrice));
        // The trade holds ceil(1,500 × 80,000 / 1000) = 120,000; the remainder 500 Wh holds 40,000: nothing to release here.
        Assert.Equal(160_000UL, chain.Watt(GridTestChain.Bob).Reserved);
        var order = MarketStore.Order(chain.State, buy)!;
        Assert.Equal((500L, 40_000UL), (order.Remaining, order.Escrow));
        Assert.Equal(120_000UL, MarketStore.Trade(chain.State, S, 0)!.BuyerEscrow);

        chain.Ok(GridTestChain.Bob, new CancelOrderMessage(buy));
        Assert.Equal(120_000UL, chain.Watt(GridTestChain.Bob).Reserved);
    }

    [Fact]
    public void IncomingBuy_PaysTheRestingSellPlusFee_AndItsExcessEscrowIsReleased()
    {
        var chain = Create();
        chain.ProductionMeter("alice-pv", GridTestChain.Alice.Address);
        chain.Place(GridTestChain.Alice, Sell(S, 60_000, 2_000));
        chain.Place(GridTestChain.Bob, Buy(S, 80_000, 2_000));
        // b = 60,000 + 5,000: the trade holds 130,000 of the 160,000 reserved; 30,000 went back.
        Assert.Equal(130_000UL, chain.Watt(GridTestChain.Bob).Reserved);
        Assert.Equal(2_000L, MarketStore.Offered(chain.State, S, GridTestChain.Alice.Address, new Core.Primitives.ZoneId("Z1")));
    }

    [Fact]
    public void Order_ForAClosedSlot_IsRejectedChangingNothing()
    {
        var chain = Create();
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(chain.CurrentSlot, 50_000, 100), MarketCodes.SlotClosed);
        chain.Time = GateTime(S);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(S, 50_000, 100), MarketCodes.SlotClosed);
    }

    [Fact]
    public void Order_BeyondTheHorizon_IsNotOpenYet()
    {
        var chain = Create();
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(Ahead(97), 50_000, 100), MarketCodes.SlotNotOpen);
        chain.Place(GridTestChain.Bob, Buy(Ahead(96), 50_000, 100));
    }

    [Fact]
    public void Sell_WithoutAMeter_OrOverCapacity_IsRejectedChangingNothing()
    {
        var chain = Create();
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Alice, Sell(S, 50_000, 100), MarketCodes.NoMeter);
        chain.ProductionMeter("alice-pv", GridTestChain.Alice.Address);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Alice, Sell(S, 50_000, 100, zone: "Z2"), MarketCodes.NoMeter);
        chain.Place(GridTestChain.Alice, Sell(S, 50_000, 2_000));
        // 10 kW over 15 minutes is 2,500 Wh: 2,000 are offered, 600 more do not fit.
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Alice, Sell(S, 50_000, 600), MarketCodes.OverCapacity);
        chain.Place(GridTestChain.Alice, Sell(S, 50_000, 500));
    }

    [Fact]
    public void CancelOrAmend_ByAStranger_IsRejectedChangingNothing()
    {
        var chain = Create();
        var id = chain.Place(GridTestChain.Bob, Buy(S, 50_000, 100));
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Alice, new CancelOrderMessage(id), MarketCodes.NotOwner);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Alice, new AmendOrderMessage(id, new PricePerKwh(1), null), MarketCodes.NotOwner);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Alice, new CancelOrderMessage(id + 99), MarketCodes.UnknownOrder);
    }

    [Fact]
    public void PriceQuantityAndFunds_OutOfBounds_AreRejectedChangingNothing()
    {
        var chain = Create();
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(S, 9_999_991, 100), MarketCodes.PriceOutOfBounds);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(S, 50_000, 0), MarketCodes.QuantityOutOfBounds);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(S, 9_999_990, 1_000_000_000), RejectionCodes.InsufficientFunds);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(S, 50_000, 100, zone: "Z9"), "unknown_zone");
    }

    [Fact]
    public void FokThatCannotFill_IsRejectedAndLeavesTheBookAlone()
    {
        var chain = Create();
        chain.ProductionMeter("alice-pv", GridTestChain.Alice.Address);
        chain.Place(GridTestChain.Alice, Sell(S, 50_000, 500));
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(S, 90_000, 600, kind: OrderKind.LimitFok), MarketCodes.FokNotFilled);
        chain.Place(GridTestChain.Bob, Buy(S, 90_000, 500, kind: OrderKind.LimitFok));
        Assert.Equal(1u, MarketStore.Book(chain.State, S)!.TradeCount);
    }

    [Fact]
    public void Amend_ReservesMoreOrReleasesEscrow_AndAHigherPriceRequeues()
    {
        var chain = Create();
        var first = chain.Place(GridTestChain.Bob, Buy(S, 50_000, 1_000));
        var second = chain.Place(MarketChain.Charlie, Buy(S, 50_000, 1_000));
        chain.Ok(GridTestChain.Bob, new AmendOrderMessage(first, null, new Wh(400)));
        Assert.Equal(20_000UL, chain.Watt(GridTestChain.Bob).Reserved);
        var book = MarketStore.Book(chain.State, S)!;
        Assert.Equal((first, second), (book.Head, book.Tail));
        chain.Ok(GridTestChain.Bob, new AmendOrderMessage(first, new PricePerKwh(60_000), null));
        Assert.Equal(24_000UL, chain.Watt(GridTestChain.Bob).Reserved);
        book = MarketStore.Book(chain.State, S)!;
        Assert.Equal((second, first), (book.Head, book.Tail));
    }

    [Fact]
    public void GateClosure_ExpiresRestingOrders_ReleasesEscrow_AndClosesTheBook()
    {
        var chain = Create();
        chain.ProductionMeter("alice-pv", GridTestChain.Alice.Address);
        chain.Place(GridTestChain.Bob, Buy(S, 50_000, 1_000));
        chain.Place(GridTestChain.Alice, Sell(S, -20_000, 1_000));
        Assert.Equal(0UL, chain.Watt(GridTestChain.Alice).Reserved);
        chain.Place(GridTestChain.Alice, Sell(S, -20_000, 1_000));
        // A seller at a negative price escrows what it could pay: ceil(1,000 × 20,000 / 1000).
        Assert.Equal(20_000UL, chain.Watt(GridTestChain.Alice).Reserved);
        chain.BlockAt(GateTime(S) - 1);
        Assert.Equal(SlotStatus.Open, MarketStore.Book(chain.State, S)!.Status);
        var events = chain.BlockAt(GateTime(S));
        Assert.Contains(events.Decoded<OrderCancelled>(), e => e.Reason == CancelReason.Expired);
        Assert.Equal(SlotStatus.Closed, MarketStore.Book(chain.State, S)!.Status);
        Assert.Equal(0UL, chain.Watt(GridTestChain.Alice).Reserved);
        Assert.Empty(MarketStore.OpenSlots(chain.State));
        Assert.Equal(0L, MarketStore.Offered(chain.State, S, GridTestChain.Alice.Address, new Core.Primitives.ZoneId("Z1")) - 1_000);
    }

    [Fact]
    public void EngineCache_IsRebuiltFromState_SoAFreshRuntimeEveryBlockReachesTheSameRoots()
    {
        var cached = Create();
        var fresh = Create();
        foreach (var c in new[] { cached, fresh }) c.ProductionMeter("alice-pv", GridTestChain.Alice.Address, zone: "Z2",
            technology: GridForge.Runtime.Modules.Metering.MeterTechnology.Wind);
        var script = new List<(Core.Crypto.SigningKey, GridForge.Runtime.Transactions.IMessage)>
        {
            (GridTestChain.Bob, Buy(S, 70_000, 800)),
            (MarketChain.Charlie, Buy(S, 75_000, 600, zone: "Z2")),
            (GridTestChain.Alice, Sell(S, 40_000, 500, zone: "Z2")),
            (GridTestChain.Bob, new AmendOrderMessage(1, new PricePerKwh(90_000), null)),
            (GridTestChain.Alice, Sell(S, 30_000, 1_500, zone: "Z2")),
            (MarketChain.Charlie, Buy(S, 95_000, 700, kind: OrderKind.LimitIoc)),
        };
        foreach (var (who, message) in script)
        {
            var a = cached.RunWith(cached.Runtime, who, message);
            var b = fresh.RunWith(new GridForge.Runtime.Execution.ChainRuntime(fresh.ChainId, GridForge.Runtime.Execution.ChainRuntime.StandardModules()), who,
                message);
            Assert.Equal(a.Rejection?.Code, b.Rejection?.Code);
            Assert.Equal(cached.State.Root, fresh.State.Root);
        }

        Assert.True(MarketStore.Book(cached.State, S)!.TradeCount > 0);
    }
}
