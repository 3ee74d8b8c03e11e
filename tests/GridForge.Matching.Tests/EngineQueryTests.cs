using GridForge.Matching.Tests.Model;
using static GridForge.Matching.Tests.Model.Orders;

namespace GridForge.Matching.Tests;

/// <summary>The engine's API beyond the rules: queries for the API and dashboard, gate closure, reuse, bounds, allocation.</summary>
[Collection(nameof(AllocationMeasuringCollection))]
public sealed class EngineQueryTests
{
    private static MatchingEngine TwoZones(long fee = 4, long capacity = 100, long congestion = 1_000) => new(
        new GridBuilder { CongestionPermille = congestion }.AddZone("A").AddZone("B").AddLink("A", "B", fee, capacity).Build());

    [Fact]
    public void BestPricesAndDepth_ArePerZoneBestLevelFirst()
    {
        var engine = TwoZones();
        engine.Submit(Buy(1, 10, 5));
        engine.Submit(Buy(2, 12, 3));
        engine.Submit(Buy(3, 10, 2));
        engine.Submit(Sell(4, 20, 7));
        engine.Submit(Sell(5, 15, 1, zone: 1));
        var a = new ZoneIndex(0);
        Assert.Equal((12L, 20L), (engine.BestBid(a), engine.BestAsk(a)));
        Assert.Equal((null, 15L), (engine.BestBid(new ZoneIndex(1)), engine.BestAsk(new ZoneIndex(1))));
        Assert.Equal([new DepthLevel(12, 3, 1), new DepthLevel(10, 7, 2)], engine.GetDepth(a, Side.Buy, 10));
        Span<DepthLevel> one = stackalloc DepthLevel[1];
        Assert.Equal(1, engine.GetDepth(a, Side.Buy, one));
        Assert.Equal(new DepthLevel(12, 3, 1), one[0]);
        Assert.Equal([2L, 1, 3], engine.GetRestingOrders(a, Side.Buy).Ids());
    }

    [Fact]
    public void OrderState_FollowsTheOrderThroughItsLife()
    {
        var engine = TwoZones();
        Assert.Equal(OrderState.Unknown, engine.GetOrder(new OrderId(1)));
        engine.Submit(Sell(1, 10, 5));
        Assert.Equal(new OrderState(OrderStatus.Resting, 0, 5, 10, CancelReason.None), engine.GetOrder(new OrderId(1)));
        engine.Submit(Buy(2, 10, 2));
        Assert.Equal(new OrderState(OrderStatus.Resting, 2, 3, 10, CancelReason.None), engine.GetOrder(new OrderId(1)));
        Assert.Equal(new OrderState(OrderStatus.Filled, 2, 0, 0, CancelReason.None), engine.GetOrder(new OrderId(2)));
        engine.Cancel(new OrderId(1));
        Assert.Equal(new OrderState(OrderStatus.Cancelled, 2, 0, 0, CancelReason.User), engine.GetOrder(new OrderId(1)));
    }

    [Fact]
    public void Links_ReportFlowRoomAndTheNextFee()
    {
        var engine = TwoZones(fee: 4, capacity: 100, congestion: 1_000);
        engine.Submit(Sell(1, 10, 50));
        engine.Submit(Buy(2, 100, 50, zone: 1));
        Assert.True(engine.TryGetLink(new ZoneIndex(0), new ZoneIndex(1), out var ab));
        Assert.Equal(new LinkState(new ZoneIndex(0), new ZoneIndex(1), 4, 100, 50, 50, 6), ab);
        Assert.Equal([ab, new LinkState(new ZoneIndex(1), new ZoneIndex(0), 4, 100, -50, 150, 4)], engine.GetLinks());
        Assert.False(engine.TryGetLink(new ZoneIndex(0), new ZoneIndex(0), out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.BestBid(new ZoneIndex(2)));
    }

    [Fact]
    public void CloseGate_ReportsWhatEachExpiredOrderStillHeldForEscrowRelease()
    {
        var engine = TwoZones();
        engine.Submit(Sell(1, 10, 5, account: 42));
        engine.Submit(Buy(2, 9, 3, zone: 1, account: 43));
        Assert.Equal(2, engine.CloseGate());
        Assert.Equal(
            [
                MatchEvent.Cancelled(new OrderId(1), new AccountId(42), new ZoneIndex(0), Side.Sell, 10, 5, CancelReason.Expired),
                MatchEvent.Cancelled(new OrderId(2), new AccountId(43), new ZoneIndex(1), Side.Buy, 9, 3, CancelReason.Expired),
            ],
            engine.Events.ToArray());
        Assert.True(engine.IsClosed);
        Assert.Equal(0, engine.RestingCount);
    }

    [Fact]
    public void Reset_EmptiesTheBookForTheNextSlot()
    {
        var engine = TwoZones();
        engine.Submit(Sell(1, 10, 50));
        engine.Submit(Buy(2, 100, 10, zone: 1));
        engine.CloseGate();
        engine.Reset();
        Assert.False(engine.IsClosed);
        Assert.Equal((0, 0), (engine.RestingCount, engine.AcceptedCount));
        Assert.Equal(0, engine.GetLinks()[0].Flow);
        Assert.Equal(RejectCode.None, engine.Submit(Sell(1, 10, 50)));
    }

    [Fact]
    public void UndefinedSideOrKind_IsABugNotARejection()
    {
        var engine = TwoZones();
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Submit(Buy(1, 1, 1) with { Kind = (OrderKind)9 }));
    }

    [Fact]
    public void ExtremeGridValues_DoNotOverflow()
    {
        var grid = new GridBuilder
        {
            PriceLimit = MarketGrid.MaxPriceLimit,
            LocalFee = MarketGrid.MaxFee,
            CongestionPermille = MarketGrid.MaxCongestionPermille,
        }.AddZone("A").AddZone("B").AddLink("A", "B", MarketGrid.MaxFee, MarketGrid.MaxCapacity).Build();
        var engine = new MatchingEngine(grid);
        const long most = MatchingEngine.MaxQuantity;
        engine.Submit(Sell(1, -MarketGrid.MaxPriceLimit, most));
        engine.Submit(Buy(2, MarketGrid.MaxPriceLimit, most, zone: 1));
        Assert.Equal(MarketGrid.MaxCapacity, engine.Events[0].Quantity);
        Assert.True(engine.TryGetLink(new ZoneIndex(0), new ZoneIndex(1), out var link));
        Assert.Equal(MarketGrid.MaxFee + (MarketGrid.MaxFee * (MarketGrid.MaxCongestionPermille / 1000)), link.Fee);
        for (var id = 3; id < 10_000; id++)
        {
            engine.Submit(Buy(id, MarketGrid.MaxPriceLimit, most, zone: 1)); // the link is full: they rest
        }

        Assert.Equal(long.MaxValue, engine.GetDepth(new ZoneIndex(1), Side.Buy, 1)[0].Quantity); // saturates
        engine.Submit(Sell(10_000, -MarketGrid.MaxPriceLimit, most, zone: 1));
        Assert.Equal(most, engine.Events.ToArray().Sum(e => e.Quantity));
        Assert.False(new GridBuilder { PriceLimit = MarketGrid.MaxPriceLimit + 1 }.AddZone("A").TryBuild(out _, out _));
    }

    [Fact]
    public void SteadyState_AllocatesNothingPerCommand()
    {
        var engine = new MatchingEngine(
            new GridBuilder().AddZone("A").AddZone("B").AddLink("A", "B", 2, 1_000_000).Build(),
            new MatchingEngineOptions { ExpectedOrders = 100_000, ExpectedResting = 4_096, ExpectedLevels = 256 });
        var id = 0L;

        // Only the engine calls are measured: the test loop's own bookkeeping is not the engine's business.
        long Run(int commands)
        {
            var allocated = 0L;
            for (var i = 0; i < commands; i++)
            {
                var side = i % 2 == 0 ? Side.Buy : Side.Sell;
                var price = 100 + (side == Side.Buy ? -(i % 7) : i % 7);
                var kind = (i % 10) switch { 0 => OrderKind.LimitIoc, 1 => OrderKind.LimitFok, 2 => OrderKind.Market, _ => OrderKind.LimitGtc };
                var order = new OrderRequest(new OrderId(++id), new AccountId(i % 5), side, kind, new ZoneIndex(i % 2), price, 1 + (i % 9));
                var before = GC.GetAllocatedBytesForCurrentThread();
                engine.Submit(order);
                engine.Amend(new OrderId(id - 3), 100 + (i % 5) - 2, null);
                engine.Cancel(new OrderId(id - 11));
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return allocated;
        }

        Run(20_000); // warm up: JIT, pools and buffers reach their working size
        var rounds = Enumerable.Range(0, 5).Select(_ => Run(20_000)).ToList();

        // A per-command allocation shows in every round; the runtime's own tier-up work may be charged to one round.
        Assert.True(rounds.Min() == 0, $"bytes allocated per 60,000 engine calls: {string.Join(", ", rounds)}");
    }
}
