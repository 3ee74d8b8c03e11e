using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <summary>A contract's pre-arranged trade (commercial PPA volume): <paramref name="Quantity"/> Wh from the seller in
/// <paramref name="SellZone"/> to the buyer in <paramref name="BuyZone"/>; the seller receives <paramref name="Price"/> per kWh,
/// the buyer pays it plus the grid fee at that moment.</summary>
internal sealed record PrearrangedTrade(SlotId Slot, Address Buyer, ZoneId BuyZone, Address Seller, ZoneId SellZone,
    PricePerKwh Price, Wh Quantity, ulong Contract);

/// <summary>A resting sell as an incoming buy in some zone sees it: the order, what it costs all-in there (price + fee now),
/// and how much the link can still carry (<see cref="long.MaxValue"/> Wh within a zone).</summary>
internal sealed record CrossingAsk(MarketOrder Order, PricePerKwh AllInPrice, Wh Room);

/// <content>What contracts use: the same checks and the same engine as orders by hand (DESIGN §6 Contracts: no back door).</content>
public sealed partial class MarketModule
{
    /// <summary>Registers a contract's pre-arranged trade in its slot's book with every rule an order obeys except price-time
    /// matching: the book must be open, price and quantity within bounds, the seller must have a production meter in its zone
    /// and room under its capacity and no debt, the link must have room (its flow rises and the fee with it, Market rules 5
    /// and 6, and resting orders that now cross on the reverse trade), the buyer must owe no contract payment, and both escrows
    /// must be free. The trade then settles
    /// like any other.</summary>
    /// <remarks>A refusal may come after the book was opened: the caller runs it in an overlay it drops on refusal.</remarks>
    internal Rejection? RegisterTrade(TxContext context, PrearrangedTrade p, out MarketTrade? trade)
    {
        trade = null;
        var state = context.State;
        if (CheckBook(state, p.Slot, context.Block.Time, p.Price, p.Quantity, [p.SellZone, p.BuyZone], out var book, out var limit,
            out var topology) is { } refused) return refused;
        if ((CheckSeller(state, p.Slot, p.Seller, p.SellZone, p.Quantity) ?? CheckBuyer(state, p.Buyer)) is { } party) return party;

        book ??= OpenBook(state, p.Slot, topology, limit);
        var engine = _engines.For(state, book);
        var from = MarketGrids.Zone(engine.Grid, p.SellZone);
        var to = MarketGrids.Zone(engine.Grid, p.BuyZone);
        long fee;
        if (from == to)
        {
            fee = engine.Grid.LocalFee;
        }
        else if (!engine.TryGetLink(from, to, out var link) || link.Room < p.Quantity.Value)
        {
            return new Rejection(MarketCodes.LinkFull,
                $"the grid cannot carry {p.Quantity.Value} Wh from '{p.SellZone}' to '{p.BuyZone}' in slot {p.Slot} "
                + $"(room {(link.Room > 0 ? link.Room : 0)} Wh)");
        }
        else
        {
            fee = link.Fee;
        }

        var buyerPrice = p.Price + new PricePerKwh(fee);
        var buyerEscrow = Escrow.Cost(Side.Buy, p.Quantity, buyerPrice, p.Price);
        var sellerEscrow = Escrow.Cost(Side.Sell, p.Quantity, buyerPrice, p.Price);
        if ((CheckFree(state, p.Buyer, buyerEscrow) ?? CheckFree(state, p.Seller, sellerEscrow)) is { } funds) return funds;

        _engines.Untag(book);
        var code = engine.AllocateFlow(from, to, p.Quantity.Value);
        if (code != RejectCode.None) throw new InvalidOperationException($"a flow the checks allowed was refused by the engine: {code}");
        if (buyerEscrow > 0) _needs.Tokens.Reserve(state, p.Buyer, Token.Watt, buyerEscrow);
        if (sellerEscrow > 0) _needs.Tokens.Reserve(state, p.Seller, Token.Watt, sellerEscrow);
        MarketStore.AddOffered(state, p.Slot, p.Seller, p.SellZone, p.Quantity.Value);
        var seq = book.TradeCount++;
        var (price, quantity) = (p.Price.MicroPerKwh, p.Quantity.Value);
        trade = new MarketTrade(p.Slot, seq, 0, 0, p.Buyer, p.Seller, p.BuyZone, p.SellZone, price, fee, quantity, buyerPrice.MicroPerKwh, price,
            buyerEscrow, sellerEscrow, context.Block.Time, p.Contract);
        state.Set(MarketStore.TradeKey(p.Slot, seq), trade.Encode());
        state.Set(MarketStore.OwnerTradeKey(p.Buyer, p.Slot, seq), [1]);
        state.Set(MarketStore.OwnerTradeKey(p.Seller, p.Slot, seq), [1]);
        context.Emit(new TradeExecuted(p.Slot, seq, 0, 0, p.Buyer, p.Seller, p.BuyZone, p.SellZone, price, fee, quantity, buyerPrice.MicroPerKwh, price,
            TradeExecuted.ContractTaker, p.Contract));
        Apply(context, book, engine, null, rests: false);
        return null;
    }

    /// <summary>The resting sell an incoming buy in <paramref name="buyZone"/> would take first now (Market rule 2: lowest
    /// price + fee, then arrival; links without room skipped), or null when there is none.</summary>
    internal CrossingAsk? BestCrossingAsk(IState state, SlotId slot, ZoneId buyZone)
    {
        if (MarketStore.Book(state, slot) is not { Status: SlotStatus.Open } book) return null;
        var engine = _engines.For(state, book);
        if (!engine.Grid.TryGetZone(buyZone.Name, out var to)) return null;
        (RestingOrder Order, long AllIn, long Room)? best = null;
        for (var z = 0; z < engine.Grid.ZoneCount; z++)
        {
            var from = new Matching.ZoneIndex(z);
            long fee, room;
            if (from == to)
            {
                (fee, room) = (engine.Grid.LocalFee, long.MaxValue);
            }
            else if (engine.TryGetLink(from, to, out var link) && link.Room > 0)
            {
                (fee, room) = (link.Fee, link.Room);
            }
            else
            {
                continue;
            }

            // A zone's asks come in priority order: its first is its best.
            if (engine.GetRestingOrders(from, Side.Sell) is not [var head, ..]) continue;
            var allIn = checked(head.Price + fee);
            if (best is not { } b || allIn < b.AllIn || (allIn == b.AllIn && head.Arrival < b.Order.Arrival)) best = (head, allIn, room);
        }

        // The engine works in plain longs; the answer is typed.
        return best is { } found
            ? new CrossingAsk(MarketStore.Order(state, (ulong)found.Order.Id.Value)!, new PricePerKwh(found.AllIn), new Wh(found.Room))
            : null;
    }

    /// <summary>Wh a seller may still sell in a slot and zone: its production meters' capacity minus what it sold or offers there
    /// (0 without an active production meter in the zone).</summary>
    public Wh SellRoom(IState state, SlotId slot, Address seller, ZoneId zone)
    {
        if (CheckSellCapacity(state, slot, seller, zone, Wh.Zero) is not null) return Wh.Zero;
        var room = _needs.Metering.ProductionCapacity(state, seller, zone) - new Wh(MarketStore.Offered(state, slot, seller, zone));
        return room > Wh.Zero ? room : Wh.Zero;
    }

    /// <summary>The fee per kWh and the room in Wh from <paramref name="from"/> to <paramref name="to"/> in a slot now (within a zone:
    /// the local fee and no limit), or null when no link joins them.</summary>
    public (PricePerKwh Fee, Wh Room)? Route(IState state, SlotId slot, ZoneId from, ZoneId to)
    {
        if (MarketStore.Book(state, slot) is { Status: SlotStatus.Open } book)
        {
            var engine = _engines.For(state, book);
            if (!engine.Grid.TryGetZone(from.Name, out var f) || !engine.Grid.TryGetZone(to.Name, out var t)) return null;
            if (f == t) return RouteOf(engine.Grid.LocalFee, long.MaxValue);
            return engine.TryGetLink(f, t, out var link) ? RouteOf(link.Fee, Math.Max(0, link.Room)) : null;
        }

        // A book not opened yet has no flows: the slot's grid gives the base fee and the whole capacity.
        var topology = _needs.Grid.TopologyFor(state, slot);
        if (!topology.HasZone(from) || !topology.HasZone(to)) return null;
        if (from == to) return RouteOf(topology.LocalFee, long.MaxValue);
        return topology.FindLink(from, to) is { } l ? RouteOf(l.BaseFee, l.CapacityFrom(from)) : null;
    }

    /// <summary>A route's fee and room as typed values (the engine and the stored topology keep plain longs).</summary>
    private static (PricePerKwh Fee, Wh Room) RouteOf(long fee, long room) => (new PricePerKwh(fee), new Wh(room));
}
