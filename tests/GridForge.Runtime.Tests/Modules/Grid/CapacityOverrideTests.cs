using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;

namespace GridForge.Runtime.Tests.Modules.Grid;

/// <summary>DESIGN §6 Grid: the DSO may lower or raise a link's capacity for future slots, within governance
/// bounds, and the change is an event; the market reads the capacity of a slot through one call.</summary>
public sealed class CapacityOverrideTests
{
    private readonly GridTestChain _chain = new();

    private static SlotId Slot(long offset) => new(StartSlot + offset);

    private long? Capacity(ZoneId from, ZoneId to, long offset) => GridModule.CapacityFor(_chain.State, from, to, Slot(offset));

    [Fact]
    public void Override_AppliesToItsSlotsAndDirectionOnly_AndIsAnEvent()
    {
        var events = _chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(4), Slot(7), new Wh(1_000), false));

        Assert.Equal(50_000, Capacity(Z1, Z2, 3));
        Assert.Equal(1_000, Capacity(Z1, Z2, 4));
        Assert.Equal(1_000, Capacity(Z1, Z2, 7));
        Assert.Equal(50_000, Capacity(Z1, Z2, 8));
        Assert.Equal(40_000, Capacity(Z2, Z1, 5));
        var e = Assert.Single(events);
        Assert.Equal(new CapacityChanged(Z1, Z2, new SlotId(StartSlot + 4), new SlotId(StartSlot + 7), 1_000), e.Decode());
    }

    [Fact]
    public void Override_InBothDirections_SetsEachAndEmitsOneEventPerDirection()
    {
        var events = _chain.Ok(Dso, new SetCapacityMessage(Z2, Z1, Slot(1), Slot(1), new Wh(0), true));

        Assert.Equal(0, Capacity(Z1, Z2, 1));
        Assert.Equal(0, Capacity(Z2, Z1, 1));
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void LaterOverride_ReplacesTheEarlierOnWhereTheyOverlap_AndResetReturnsToNormal()
    {
        _chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(10), Slot(20), new Wh(1_000), false));
        _chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(15), Slot(25), new Wh(2_000), false));
        _chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(12), Slot(13), null, false));

        long?[] expected = [50_000, 1_000, 1_000, 50_000, 50_000, 1_000, 2_000, 2_000, 2_000, 50_000];
        long[] offsets = [9, 10, 11, 12, 13, 14, 15, 20, 25, 26];
        Assert.Equal(expected, offsets.Select(o => Capacity(Z1, Z2, o)));
        Assert.Equal(3, GridModule.Overrides(_chain.State, Z1, Z2).Ranges.Count);
    }

    [Fact]
    public void RaisingCapacity_IsBoundedByTheGovernanceRaiseFactor_LoweringToZeroIsAlwaysAllowed()
    {
        // capacity_raise_permille defaults to 2000: up to twice the normal 50,000 (40,000 back).
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new SetCapacityMessage(Z1, Z2, Slot(1), Slot(1), new Wh(100_001), false), GridCodes.CapacityOutOfBounds);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new SetCapacityMessage(Z1, Z2, Slot(1), Slot(1), new Wh(100_000), true), GridCodes.CapacityOutOfBounds);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new SetCapacityMessage(Z1, Z2, Slot(1), Slot(1), new Wh(-1), false), GridCodes.CapacityOutOfBounds);

        _chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(1), Slot(1), new Wh(100_000), false));
        _chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(2), Slot(2), new Wh(0), true));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, 3)]
    [InlineData(4, 3)]
    [InlineData(1, 35_041)]
    public void Override_NotWhollyInTheFutureOrBeyondTheHorizon_IsRefused(long first, long last) =>
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new SetCapacityMessage(Z1, Z2, Slot(first), Slot(last), new Wh(0), false), GridCodes.InvalidSlotRange);

    [Fact]
    public void Override_OfALinkThatDoesNotExist_IsRefused() =>
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new SetCapacityMessage(Z1, Z3, Slot(1), Slot(1), new Wh(0), false), GridCodes.UnknownLink);

    [Fact]
    public void Overrides_ThatHaveEnded_AreDropped_AndTheirNumberIsBounded()
    {
        var chain = new GridTestChain(b => b.WithParam(GridModule.ModuleName, GridModule.MaxOverrides.Name, 2));
        chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(1), Slot(1), new Wh(1), false));
        chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(3), Slot(3), new Wh(3), false));
        chain.FailsChangingOnlyFeeAndNonce(Dso, new SetCapacityMessage(Z1, Z2, Slot(5), Slot(5), new Wh(5), false), GridCodes.TooManyOverrides);

        chain.Time = StartTime + (2 * SlotSeconds);
        chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, Slot(5), Slot(5), new Wh(5), false));

        Assert.Equal([Slot(3), Slot(5)], GridModule.Overrides(chain.State, Z1, Z2).Ranges.Select(r => r.First));
    }

    [Fact]
    public void TopologyFor_ASlot_CarriesThatSlotsCapacities()
    {
        _chain.Ok(Dso, new SetCapacityMessage(Z2, Z1, Slot(3), Slot(3), new Wh(7), false));

        var link = Assert.Single(GridModule.TopologyFor(_chain.State, Slot(3)).Links);
        Assert.Equal((50_000, 7), (link.ForwardCapacity, link.BackwardCapacity));
        Assert.Equal(40_000, Assert.Single(GridModule.TopologyFor(_chain.State, Slot(4)).Links).BackwardCapacity);
    }

    [Fact]
    public void CapacityFor_ZonesWithoutALink_IsNull() =>
        Assert.Null(GridModule.CapacityFor(_chain.State, Z1, Z3, Slot(0)));
}
