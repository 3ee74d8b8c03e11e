using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the grid module offers the others: one implementation of every module's needs of the grid, forwarding to
/// <see cref="GridModule"/>.</summary>
internal sealed class GridKeeper : ContractsNeeds.IGrid, DisputesNeeds.IGrid, GovernanceNeeds.IGrid, MeteringNeeds.IGrid, MarketNeeds.IGrid,
    SettlementNeeds.IGrid
{
    public string DsoRole => GridModule.DsoRole;

    public Address? Dso(IState state) => AuthModule.RoleHolder(state, GridModule.DsoRole);

    public GridTopology Topology(IState state) => GridModule.Topology(state);

    public SlotId SlotAt(IState state, long unixTime) => GridModule.SlotAt(state, unixTime);

    public GridTopology TopologyFor(IState state, SlotId slot) => GridModule.TopologyFor(state, slot);

    public long SlotLengthSeconds(IState state) => GridModule.SlotLengthSeconds(state);

    public ulong CapacityEpoch(IState state) => GridModule.CapacityEpoch(state);
}
