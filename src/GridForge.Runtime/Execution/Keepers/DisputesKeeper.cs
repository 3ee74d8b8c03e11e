using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What disputes offer the others — the hooks through which settlement and contracts tell disputes what they paid:
/// one implementation of every module's needs of disputes, forwarding to <see cref="DisputeHolds"/> and <see cref="DisputesModule"/>.</summary>
internal sealed class DisputesKeeper : ContractsNeeds.IDisputes, GovernanceNeeds.IDisputes, SettlementNeeds.IDisputes
{
    public Rejection? SetCouncil(TxContext context, DisputeCouncil council) => DisputesModule.SetCouncil(context, council);

    public void OnContractPeriodSettled(TxContext context, ulong contract, long period, Address payee, ulong paid) =>
        DisputeHolds.OnContractPeriodSettled(context, contract, period, payee, paid);

    public void OnSlotSettled(TxContext context, SlotId slot) => DisputeHolds.OnSlotSettled(context, slot);

    public void OnTradeSettled(TxContext context, MarketTrade trade, TradeSettlement result) => DisputeHolds.OnTradeSettled(context, trade, result);
}
