using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What disputes offer the others — the hooks through which settlement and contracts tell disputes what they paid:
/// one implementation of every module's needs of disputes, forwarding to <see cref="DisputeHolds"/>.</summary>
internal sealed class DisputesKeeper : SettlementNeeds.IDisputes
{
    public void OnSlotSettled(TxContext context, SlotId slot) => DisputeHolds.OnSlotSettled(context, slot);

    public void OnTradeSettled(TxContext context, MarketTrade trade, TradeSettlement result) => DisputeHolds.OnTradeSettled(context, trade, result);
}
