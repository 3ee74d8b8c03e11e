using static GridForge.Matching.Tests.Model.Orders;

namespace GridForge.Matching.Tests;

/// <summary>Pre-arranged (contract) volume takes link capacity as a book trade of the same size would (rules 5 and 6).</summary>
public sealed class AllocateFlowTests
{
    private static readonly ZoneIndex A = new(0);
    private static readonly ZoneIndex B = new(1);

    private static MatchingEngine TwoZones() => new(
        new GridBuilder { CongestionPermille = 1_000 }.AddZone("A").AddZone("B").AddLink("A", "B", 10_000, 4_000).Build());

    [Fact]
    public void AllocatedFlow_TakesRoomAndRaisesTheFee_AsABookTradeOfTheSameSize()
    {
        var traded = TwoZones();
        traded.Submit(Sell(1, 60_000, 3_000));
        traded.Submit(Buy(2, 90_000, 3_000, zone: 1));
        var allocated = TwoZones();
        Assert.Equal(RejectCode.None, allocated.AllocateFlow(A, B, 3_000));
        Assert.Equal(traded.GetLinks(), allocated.GetLinks());
        Assert.Empty(allocated.Events.ToArray());
    }

    [Fact]
    public void AllocatedFlow_BeyondTheRoom_IsRefusedAndChangesNothing()
    {
        var engine = TwoZones();
        engine.AllocateFlow(A, B, 3_000);
        var before = engine.GetLinks();
        Assert.Equal(RejectCode.NoCapacity, engine.AllocateFlow(A, B, 1_001));
        Assert.Equal(RejectCode.InvalidQuantity, engine.AllocateFlow(A, B, 0));
        Assert.Equal(before, engine.GetLinks());
        engine.CloseGate();
        Assert.Equal(RejectCode.GateClosed, engine.AllocateFlow(A, B, 1));
    }

    [Fact]
    public void AllocatedFlow_WithinOneZone_ChangesNoLink()
    {
        var engine = TwoZones();
        var before = engine.GetLinks();
        Assert.Equal(RejectCode.None, engine.AllocateFlow(B, B, 5_000));
        Assert.Equal(before, engine.GetLinks());
    }

    [Fact]
    public void AllocatedCounterFlow_FreesRoom_SoRestingOrdersThatNowCrossTrade()
    {
        var engine = TwoZones();
        engine.Submit(Sell(1, 1_000, 4_000, zone: 1));
        engine.Submit(Buy(2, 100_000, 4_000, zone: 0));
        Assert.Equal(0, engine.GetLinks()[1].Room);
        engine.Submit(Sell(3, 1_000, 2_000, zone: 1));
        engine.Submit(Buy(4, 100_000, 2_000, zone: 0));
        Assert.Empty(engine.Events.ToArray().Trades());
        Assert.Equal(RejectCode.None, engine.AllocateFlow(A, B, 1_500));
        var trade = Assert.Single(engine.Events.ToArray().Trades());
        Assert.Equal((4L, 3L, 1_000L, 1_500L), (trade.Buy, trade.Sell, trade.Price, trade.Quantity));
        engine.AssertInvariants();
    }
}
