using static GridForge.Matching.Tests.Model.Orders;

namespace GridForge.Matching.Tests;

/// <summary>Rebuilding a persisted book: restored flows give the same room and fees as the trades that made them.</summary>
public sealed class RestoreFlowTests
{
    private static MatchingEngine TwoZones() => new(
        new GridBuilder { CongestionPermille = 1_000 }.AddZone("A").AddZone("B").AddLink("A", "B", 10_000, 4_000).Build());

    [Fact]
    public void RestoreFlow_GivesTheLinksTheFlowsRoomAndFeesOfTheOriginalTrades()
    {
        var traded = TwoZones();
        traded.Submit(Sell(1, 60_000, 3_000));
        traded.Submit(Buy(2, 90_000, 3_000, zone: 1));
        var rebuilt = TwoZones();
        rebuilt.RestoreFlow(new ZoneIndex(0), new ZoneIndex(1), 3_000);
        Assert.Equal(traded.GetLinks(), rebuilt.GetLinks());
        var back = TwoZones();
        back.RestoreFlow(new ZoneIndex(1), new ZoneIndex(0), -3_000);
        Assert.Equal(traded.GetLinks(), back.GetLinks());
    }

    [Fact]
    public void RestoreFlow_AfterAnOrderOrWithoutALink_Throws()
    {
        var engine = TwoZones();
        Assert.Throws<InvalidOperationException>(() => engine.RestoreFlow(new ZoneIndex(0), new ZoneIndex(0), 1));
        engine.Submit(Sell(1, 60_000, 3_000));
        Assert.Throws<InvalidOperationException>(() => engine.RestoreFlow(new ZoneIndex(0), new ZoneIndex(1), 1));
    }
}
