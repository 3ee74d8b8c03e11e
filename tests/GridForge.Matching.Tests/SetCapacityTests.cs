using static GridForge.Matching.Tests.Model.Orders;

namespace GridForge.Matching.Tests;

/// <summary>A grid operator's capacity change on an open book (issue 13, item 7): trades keep their flow, a cut leaves the
/// direction without room, and a raise lets resting orders that now cross trade (rule 5: never crossed where room exists).</summary>
public sealed class SetCapacityTests
{
    private static MatchingEngine TwoZones(long capacity) => new(
        new GridBuilder { CongestionPermille = 1_000 }.AddZone("A").AddZone("B").AddLink("A", "B", 10_000, capacity).Build());

    private static readonly ZoneIndex A = new(0);
    private static readonly ZoneIndex B = new(1);

    [Fact]
    public void RaisingCapacity_LetsRestingOrdersThatNowCrossTrade_UpToTheNewRoom()
    {
        var engine = TwoZones(1_000);
        engine.Submit(Sell(1, 50_000, 3_000));
        engine.Submit(Buy(2, 70_000, 3_000, zone: 1));
        Assert.Equal([(2L, 1L, 50_000L, 1_000L, 10_000L)], engine.Events.ToArray().Trades());

        Assert.Equal(RejectCode.None, engine.SetCapacity(A, B, 2_500));
        var trade = Assert.Single(engine.Events.ToArray().Trades());
        Assert.Equal((1_500L, 2_500L, 0L), (trade.Quantity, engine.GetLinks()[0].Flow, engine.GetLinks()[0].Room));
    }

    [Fact]
    public void CuttingCapacityBelowTheFlow_KeepsTheTrades_LeavesNoRoom_AndCountsTheLinkAsFull()
    {
        var engine = TwoZones(2_000);
        engine.Submit(Sell(1, 50_000, 2_000));
        engine.Submit(Buy(2, 90_000, 2_000, zone: 1));
        var full = engine.GetLinks()[0].Fee;

        Assert.Equal(RejectCode.None, engine.SetCapacity(A, B, 0));
        Assert.Empty(engine.Events.ToArray());
        var link = engine.GetLinks()[0];
        Assert.Equal((0L, 2_000L, -2_000L, full), (link.Capacity, link.Flow, link.Room, link.Fee));
        engine.Submit(Sell(3, 10_000, 500));
        engine.Submit(Buy(4, 90_000, 500, zone: 1));
        Assert.Empty(engine.Events.ToArray().Trades());
    }

    [Fact]
    public void SetCapacity_OnAClosedBookOrWithoutALink_ChangesNothing()
    {
        var engine = TwoZones(1_000);
        Assert.Equal(RejectCode.NoCapacity, engine.SetCapacity(A, A, 5));
        Assert.Equal(RejectCode.InvalidQuantity, engine.SetCapacity(A, B, -1));
        engine.CloseGate();
        Assert.Equal(RejectCode.GateClosed, engine.SetCapacity(A, B, 5));
        Assert.Equal(1_000, engine.GetLinks()[0].Capacity);
    }
}
