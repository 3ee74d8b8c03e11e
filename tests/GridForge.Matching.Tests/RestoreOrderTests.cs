using static GridForge.Matching.Tests.Model.Orders;

namespace GridForge.Matching.Tests;

/// <summary>Issue 13, item 9: a book rebuilt from storage judges its orders exactly as the engine that kept it — each resting
/// order comes back with what it already filled.</summary>
public sealed class RestoreOrderTests
{
    private static MatchingEngine Engine() => new(new GridBuilder().AddZone("A").Build());

    [Fact]
    public void ARestoredOrder_KeepsWhatItFilled_SoAnAmendNearTheQuantityBoundIsJudgedAsByTheEngineThatKeptIt()
    {
        var kept = Engine();
        kept.Submit(Sell(1, 50_000, MatchingEngine.MaxQuantity));
        kept.Submit(Buy(2, 60_000, 400));
        Assert.Equal(400, kept.GetOrder(new OrderId(1)).Filled);

        var rebuilt = Engine();
        Assert.Equal(RejectCode.None, rebuilt.Restore(Sell(1, 50_000, MatchingEngine.MaxQuantity - 400), filled: 400));
        Assert.Empty(rebuilt.Events.ToArray());
        Assert.Equal(kept.GetOrder(new OrderId(1)), rebuilt.GetOrder(new OrderId(1)));

        // Filled plus remaining may not pass MaxQuantity: both engines refuse the same amend and accept the same smaller one.
        Assert.Equal(RejectCode.InvalidQuantity, kept.Amend(new OrderId(1), null, MatchingEngine.MaxQuantity));
        Assert.Equal(RejectCode.InvalidQuantity, rebuilt.Amend(new OrderId(1), null, MatchingEngine.MaxQuantity));
        Assert.Equal(RejectCode.None, kept.Amend(new OrderId(1), 49_000, MatchingEngine.MaxQuantity - 400));
        Assert.Equal(RejectCode.None, rebuilt.Amend(new OrderId(1), 49_000, MatchingEngine.MaxQuantity - 400));
    }

    [Fact]
    public void Restore_RefusesWhatCouldNeverHaveRested()
    {
        var engine = Engine();
        Assert.Equal(RejectCode.InvalidQuantity, engine.Restore(Sell(1, 50_000, 10), filled: MatchingEngine.MaxQuantity));
        Assert.Equal(RejectCode.InvalidQuantity, engine.Restore(Sell(1, 50_000, 10), filled: -1));
        Assert.Throws<ArgumentException>(() => engine.Restore(Sell(1, 50_000, 10, kind: OrderKind.LimitIoc), filled: 0));
        Assert.Equal(0, engine.RestingCount);
    }
}
