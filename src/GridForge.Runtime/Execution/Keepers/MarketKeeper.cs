using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the market offers the others: one implementation of every module's needs of the market, forwarding to
/// <paramref name="market"/> (the module wired into the same host: its engines are the ones its books run on), its parameters
/// and its store.</summary>
internal sealed class MarketKeeper(MarketModule market) : ContractsNeeds.IMarket, DisputesNeeds.IMarket, SettlementNeeds.IMarket
{
    public long GateTime(IState state, SlotId slot) => market.GateTime(state, slot);

    public long GateClosureSeconds(IState state) => MarketModule.GateClosureSeconds.Get(state);

    public long PriceLimit(IState state) => MarketModule.PriceLimit.Get(state);

    public long MaxOrderWh(IState state) => MarketModule.MaxOrderWh.Get(state);

    public Wh SellRoom(IState state, SlotId slot, Address seller, ZoneId zone) => market.SellRoom(state, slot, seller, zone);

    public (PricePerKwh Fee, Wh Room)? Route(IState state, SlotId slot, ZoneId from, ZoneId to) => market.Route(state, slot, from, to);

    public CrossingAsk? BestCrossingAsk(IState state, SlotId slot, ZoneId buyZone) => market.BestCrossingAsk(state, slot, buyZone);

    public MarketTrade? Trade(IState state, SlotId slot, uint seq) => MarketStore.Trade(state, slot, seq);

    public MarketOrder? Order(IState state, ulong id) => MarketStore.Order(state, id);

    public Rejection? RegisterTrade(TxContext context, PrearrangedTrade trade, out MarketTrade? registered) =>
        market.RegisterTrade(context, trade, out registered);

    public Rejection? PlaceFor(TxContext context, Address owner, PlaceOrderMessage message, ulong contract, out ulong id) =>
        market.PlaceFor(context, owner, message, contract, out id);

    public IReadOnlyList<MarketTrade> Trades(IState state, SlotId slot) => MarketStore.Trades(state, slot);
}
