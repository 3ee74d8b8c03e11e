using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Grid;

/// <summary>The grid module runs against doubles of what it needs (GridNeeds): no auth or metering module installed, only
/// the answers the doubles give — the proof that its needs are all it reaches.</summary>
public sealed class GridNeedsTests
{
    private static readonly Address Dso = TestKeys.Dso.Address;
    private static readonly ZoneId North = new("north");

    private sealed class RolesDouble(Address holder) : GridNeeds.IAuth
    {
        public bool HasRole(IState state, string role, Address account) => role == GridModule.DsoRole && account == holder;
    }

    private sealed class MetersDouble(long active) : GridNeeds.IMetering
    {
        public List<ZoneId> Asked { get; } = [];

        public long ActiveMetersIn(IState state, ZoneId zone)
        {
            Asked.Add(zone);
            return active;
        }
    }

    private static (GridModule Grid, TxContext Context) Build(Address sender, MetersDouble meters)
    {
        var grid = new GridModule(new GridNeeds(new RolesDouble(Dso), meters));
        var host = new ModuleHost([grid]);
        var state = new StateOverlay(new StateStore());
        return (grid, new TxContext(state, new BlockInfo("gridforge-test", 1, 1_000, Dso), sender, host));
    }

    [Fact]
    public void AZoneWithActiveMeters_CannotBeRemoved_AsTheMeteringNeedSays()
    {
        var meters = new MetersDouble(active: 3);
        var (grid, context) = Build(Dso, meters);
        Assert.Null(grid.Execute(context, new AddZoneMessage(North)));

        var refused = grid.Execute(context, new RemoveZoneMessage(North));

        Assert.Equal(GridCodes.ZoneInUse, refused?.Code);
        Assert.Equal([North], meters.Asked);
        Assert.True(GridModule.Topology(context.State).HasZone(North));
    }

    [Fact]
    public void AZoneWithoutActiveMeters_IsRemoved()
    {
        var (grid, context) = Build(Dso, new MetersDouble(active: 0));
        Assert.Null(grid.Execute(context, new AddZoneMessage(North)));

        Assert.Null(grid.Execute(context, new RemoveZoneMessage(North)));
        Assert.False(GridModule.Topology(context.State).HasZone(North));
    }

    [Fact]
    public void OnlyTheRoleHolderTheAuthNeedNames_ChangesTheGrid()
    {
        var (grid, context) = Build(TestKeys.Alice.Address, new MetersDouble(active: 0));

        var refused = grid.Execute(context, new AddZoneMessage(North));

        Assert.Equal(RejectionCodes.Unauthorized, refused?.Code);
        Assert.False(GridModule.Topology(context.State).HasZone(North));
    }
}
