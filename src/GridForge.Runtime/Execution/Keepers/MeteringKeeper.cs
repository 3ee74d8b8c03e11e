using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the metering module offers the others: one implementation of every module's needs of metering, forwarding to
/// <paramref name="metering"/> (the module wired into the same host).</summary>
internal sealed class MeteringKeeper(MeteringModule metering) : ContractsNeeds.IMetering, DisputesNeeds.IMetering, GridNeeds.IMetering, MarketNeeds.IMetering,
    SettlementNeeds.IMetering
{
    public long ActiveMetersIn(IState state, ZoneId zone) => MeteringModule.ActiveMetersIn(state, zone);

    public IReadOnlyList<MeterId> MetersOf(IState state, Address owner) => MeteringModule.MetersOf(state, owner);

    public MeterRecord? Meter(IState state, MeterId id) => MeteringModule.Meter(state, id);

    public long WindowClosesAt(IState state, SlotId slot) => metering.WindowClosesAt(state, slot);

    public IReadOnlyList<(MeterRecord Meter, SlotReading Reading)> ServedBy(IState state, Address owner, ZoneId zone, SlotId slot) =>
        MeteringModule.ServedBy(state, owner, zone, slot);

    public Wh ProductionCapacity(IState state, Address owner, ZoneId zone) => metering.ProductionCapacity(state, owner, zone);

    public void AddEnergy(IState state, Address account, SlotId slot, EnergyBalance delta) => EnergyBalances.Add(state, account, slot, delta);
}
