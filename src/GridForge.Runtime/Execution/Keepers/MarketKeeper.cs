using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the market offers the others: one implementation of every module's needs of the market, forwarding to
/// <see cref="MarketStore"/>.</summary>
internal sealed class MarketKeeper : SettlementNeeds.IMarket
{
    public IReadOnlyList<MarketTrade> Trades(IState state, SlotId slot) => MarketStore.Trades(state, slot);
}
