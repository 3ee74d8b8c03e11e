using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;

namespace GridForge.Runtime.Tests.Modules.Grid;

/// <summary>DESIGN §6 Grid: the DSO models the grid as zones and links, each link with a base fee and a
/// capacity per slot in each direction, a local fee within a zone; nobody else can change it.</summary>
public sealed class GridModuleTests
{
    private readonly GridTestChain _chain = new();

    [Fact]
    public void Genesis_GridSection_BecomesTheTopology()
    {
        var t = GridModule.Topology(_chain.State);

        Assert.Equal([Z1, Z2, Z3], t.Zones);
        Assert.Equal(5_000, t.LocalFee);
        Assert.Equal(500, t.CongestionPermille);
        Assert.Equal(new GridLink(Z1, Z2, 10_000, 50_000, 40_000), Assert.Single(t.Links));
        Assert.Equal(5_000, t.BaseFee(Z2, Z2));
        Assert.Equal(10_000, t.BaseFee(Z2, Z1));
        Assert.Null(t.BaseFee(Z1, Z3));
    }

    [Theory]
    [InlineData("Z1,Z1", "Z1", "Z2", "already has zone")]
    [InlineData("Z1,Z2", "Z1", "Z9", "no zone 'Z9'")]
    [InlineData("Z1,Z2", "Z1", "Z1", "within 'Z1'")]
    [InlineData("Z1,bad zone", "Z1", "Z1", "zone name")]
    public void Genesis_WithAnInvalidGrid_IsRefused(string zones, string from, string to, string why)
    {
        var grid = new GridGenesis { Zones = [.. zones.Split(',')], Links = [new GridGenesisLink { From = from, To = to, Fee = 1, Capacity = 1 }] };

        var e = Assert.Throws<InvalidOperationException>(() => new GridTestChain(grid: grid));

        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Genesis_WithAFeeAboveTheGovernanceBound_IsRefused()
    {
        var grid = new GridGenesis { Zones = ["Z1"], LocalFee = 1_001 };

        Assert.Throws<InvalidOperationException>(() => new GridTestChain(b => b.WithParam(GridModule.ModuleName, GridModule.MaxFee.Name, 1_000), grid));
    }

    public static TheoryData<IMessage> EveryGridMessage() =>
    [
        new AddZoneMessage(new ZoneId("Z9")),
        new RemoveZoneMessage(new ZoneId("Z3")),
        new SetLinkMessage(new ZoneId("Z2"), new ZoneId("Z3"), new PricePerKwh(1), new Wh(1), new Wh(1)),
        new RemoveLinkMessage(new ZoneId("Z1"), new ZoneId("Z2")),
        new SetFeesMessage(new PricePerKwh(1), 1),
        new SetCapacityMessage(new ZoneId("Z1"), new ZoneId("Z2"), new SlotId(StartSlot + 2), new SlotId(StartSlot + 3), new Wh(0), true),
    ];

    [Theory]
    [MemberData(nameof(EveryGridMessage))]
    public void OnlyTheDso_ChangesTheGrid_AnyoneElseIsUnauthorizedAndChangesNothing(IMessage message)
    {
        _chain.FailsChangingOnlyFeeAndNonce(Alice, message, RejectionCodes.Unauthorized);
        _chain.FailsChangingOnlyFeeAndNonce(Gateway, message, RejectionCodes.Unauthorized);

        Assert.True(_chain.Run(Dso, message).Success);
    }

    [Fact]
    public void TheDsoRole_IsWhoeverHoldsItInState_NotTheDevAccountCalledDso()
    {
        var chain = new GridTestChain(b => b.WithRole(GridModule.DsoRole, Alice.Address));

        chain.FailsChangingOnlyFeeAndNonce(Dso, new AddZoneMessage(new ZoneId("Z9")), RejectionCodes.Unauthorized);
        Assert.True(chain.Run(Alice, new AddZoneMessage(new ZoneId("Z9"))).Success);
    }

    [Fact]
    public void AddZone_AddsItInOrder_AndSaysSo()
    {
        var events = _chain.Ok(Dso, new AddZoneMessage(new ZoneId("A0")));

        Assert.Equal([new ZoneId("A0"), Z1, Z2, Z3], GridModule.Topology(_chain.State).Zones);
        Assert.Equal(new ZoneAdded(new ZoneId("A0")), events[0].Decode());
    }

    [Theory]
    [InlineData("", GridCodes.InvalidZoneName)]
    [InlineData("has space", GridCodes.InvalidZoneName)]
    [InlineData("zone/slash", GridCodes.InvalidZoneName)]
    [InlineData("Z1", GridCodes.ZoneExists)]
    public void AddZone_WithABadOrTakenName_IsRefused(string name, string code) =>
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new AddZoneMessage(new ZoneId(name)), code);

    [Fact]
    public void RemoveZone_ThatALinkUses_IsRefusedAsInUse_AndAnUnknownOneAsUnknown()
    {
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new RemoveZoneMessage(Z1), GridCodes.ZoneInUse);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new RemoveZoneMessage(new ZoneId("Z9")), GridCodes.UnknownZone);

        _chain.Ok(Dso, new RemoveZoneMessage(Z3));
        Assert.False(GridModule.Topology(_chain.State).HasZone(Z3));
    }

    [Fact]
    public void SetLink_NamedEitherWay_IsStoredWithItsEndsInOrderAndCapacitiesFollowingTheirDirection()
    {
        var events = _chain.Ok(Dso, new SetLinkMessage(Z3, Z2, new PricePerKwh(7_000), new Wh(300), new Wh(100)));

        var link = GridModule.Topology(_chain.State).FindLink(Z2, Z3);
        Assert.Equal(new GridLink(Z2, Z3, 7_000, 100, 300), link);
        Assert.Equal(300, GridModule.CapacityFor(_chain.State, Z3, Z2, _chain.CurrentSlot));
        Assert.Equal(100, GridModule.CapacityFor(_chain.State, Z2, Z3, _chain.CurrentSlot));
        Assert.Equal(new LinkSet(Z2, Z3, 7_000, 100, 300), events[0].Decode());
    }

    [Fact]
    public void SetLink_OnAnExistingPair_ReplacesIt()
    {
        _chain.Ok(Dso, new SetLinkMessage(Z2, Z1, new PricePerKwh(1), new Wh(2), new Wh(3)));

        Assert.Equal(new GridLink(Z1, Z2, 1, 3, 2), Assert.Single(GridModule.Topology(_chain.State).Links));
    }

    [Theory]
    [InlineData("Z1", "Z9", 1, 1, GridCodes.UnknownZone)]
    [InlineData("Z2", "Z2", 1, 1, GridCodes.InvalidLink)]
    [InlineData("Z2", "Z3", -1, 1, GridCodes.FeeOutOfBounds)]
    [InlineData("Z2", "Z3", 10_000_001, 1, GridCodes.FeeOutOfBounds)]
    [InlineData("Z2", "Z3", 1, -1, GridCodes.CapacityOutOfBounds)]
    [InlineData("Z2", "Z3", 1, 1_000_000_000_001, GridCodes.CapacityOutOfBounds)]
    public void SetLink_OutsideTheRulesOrBounds_IsRefused(string from, string to, long fee, long capacity, string code) =>
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new SetLinkMessage(new ZoneId(from), new ZoneId(to), new PricePerKwh(fee), new Wh(capacity), new Wh(1)), code);

    [Fact]
    public void RemoveLink_TakesItsOverridesWithIt_AndAnUnknownLinkIsRefused()
    {
        _chain.Ok(Dso, new SetCapacityMessage(Z1, Z2, new SlotId(StartSlot + 5), new SlotId(StartSlot + 6), new Wh(10), true));
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new RemoveLinkMessage(Z1, Z3), GridCodes.UnknownLink);

        _chain.Ok(Dso, new RemoveLinkMessage(Z2, Z1));

        Assert.Empty(GridModule.Topology(_chain.State).Links);
        Assert.Null(GridModule.CapacityFor(_chain.State, Z1, Z2, new SlotId(StartSlot + 5)));
        _chain.Ok(Dso, new SetLinkMessage(Z1, Z2, new PricePerKwh(1), new Wh(100), new Wh(100)));
        Assert.Equal(100, GridModule.CapacityFor(_chain.State, Z1, Z2, new SlotId(StartSlot + 5)));
    }

    [Theory]
    [InlineData(-1, 0, GridCodes.FeeOutOfBounds)]
    [InlineData(10_000_001, 0, GridCodes.FeeOutOfBounds)]
    [InlineData(0, -1, GridCodes.CongestionOutOfBounds)]
    [InlineData(0, 10_001, GridCodes.CongestionOutOfBounds)]
    public void SetFees_OutsideTheGovernanceBounds_IsRefused(long localFee, long congestion, string code) =>
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new SetFeesMessage(new PricePerKwh(localFee), congestion), code);

    [Fact]
    public void SetFees_WithinTheBounds_SetsBothAndSaysSo()
    {
        var events = _chain.Ok(Dso, new SetFeesMessage(new PricePerKwh(10_000_000), 10_000));

        var t = GridModule.Topology(_chain.State);
        Assert.Equal((10_000_000, 10_000), (t.LocalFee, t.CongestionPermille));
        Assert.Equal("fees_changed", events[0].Kind);
    }

    [Fact]
    public void GovernanceBounds_AreParametersInState()
    {
        var chain = new GridTestChain(b => b.WithParam(GridModule.ModuleName, GridModule.MaxCongestionPermille.Name, 600));

        chain.FailsChangingOnlyFeeAndNonce(Dso, new SetFeesMessage(new PricePerKwh(0), 601), GridCodes.CongestionOutOfBounds);
        chain.Ok(Dso, new SetFeesMessage(new PricePerKwh(0), 600));
    }

    [Fact]
    public void TopologyRead_AfterAChange_IsTheNewOne()
    {
        var before = GridModule.Topology(_chain.State);
        _chain.Ok(Dso, new AddZoneMessage(new ZoneId("Z4")));

        Assert.Same(GridModule.Topology(_chain.State), GridModule.Topology(_chain.State));
        Assert.Equal(before.Zones.Count + 1, GridModule.Topology(_chain.State).Zones.Count);
    }

    [Fact]
    public void SlotAt_IsFloorDivisionByTheSlotLength()
    {
        Assert.Equal(new SlotId(StartSlot), GridModule.SlotAt(_chain.State, StartTime));
        Assert.Equal(new SlotId(StartSlot), GridModule.SlotAt(_chain.State, StartTime + 899));
        Assert.Equal(new SlotId(StartSlot + 1), GridModule.SlotAt(_chain.State, StartTime + 900));
        Assert.Equal(new SlotId(-1), GridModule.SlotAt(_chain.State, -1));
        Assert.Equal(900, GridModule.SlotLengthSeconds(_chain.State));
    }

    [Fact]
    public void GridChanges_AreTransactionsAnyNodeReplays_TheEncodingRoundTrips()
    {
        var registry = GridForge.Runtime.Execution.ChainRuntime.StandardModules().Registry;
        foreach (var message in ((IEnumerable<object[]>)EveryGridMessage()).Select(row => (IMessage)row[0]))
        {
            var tx = Transaction.Sign(Dso, TestKeys.DevChain, 0, 100, 10, message);
            var decoded = Transaction.Decode(tx.Encoded, registry, 1_000, out var rejection);
            Assert.Null(rejection);
            Assert.Equal(message, decoded!.Message);
        }
    }
}
