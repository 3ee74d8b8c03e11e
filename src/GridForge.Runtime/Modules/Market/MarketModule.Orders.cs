using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <content>Place, amend and cancel: every check that can refuse runs before the engine sees the command, so a command
/// the engine has processed is always kept.</content>
public sealed partial class MarketModule
{
    private Rejection? Place(TxContext context, PlaceOrderMessage m) => PlaceFor(context, context.Sender, m, contract: 0, out _);

    /// <summary>Places <paramref name="m"/> for <paramref name="owner"/>: by hand (the signer) or by one of its contracts, through
    /// exactly the same checks and matching; <paramref name="contract"/> tags the order (0 = by hand). The out value is the
    /// order id the chain assigned (0 when refused).</summary>
    internal Rejection? PlaceFor(TxContext context, Address owner, PlaceOrderMessage m, ulong contract, out ulong id)
    {
        id = 0;
        var state = context.State;
        if (CheckBook(state, m.Slot, context.Block.Time, m.Price, m.Quantity, [m.Zone], out var book, out var limit,
            out var topology) is { } refused) return refused;
        if ((m.Side == Side.Sell ? CheckSeller(state, m.Slot, owner, m.Zone, m.Quantity) : CheckBuyer(state, owner)) is { } party) return party;

        var need = Escrow.Need(m.Side, m.Quantity, m.Price);
        if (CheckFree(state, owner, need) is { } funds) return funds;

        book ??= OpenBook(state, m.Slot, topology, limit);

        var engine = _engines.ForUpdate(state, book);
        id = MarketStore.NextOrderId(state);
        // A market order enters as ioc at its protection price: its escrow then always covers what it can pay.
        var kind = m.Kind == OrderKind.Market ? OrderKind.LimitIoc : m.Kind;
        var code = engine.Submit(new OrderRequest(new OrderId((long)id), MarketGrids.Account(owner), m.Side, kind,
            MarketGrids.Zone(engine.Grid, m.Zone), m.Price.MicroPerKwh, m.Quantity.Value));
        if (code != RejectCode.None) return EngineRejection(code);

        var order = new MarketOrder
        {
            Id = id,
            Slot = m.Slot,
            Owner = owner,
            Side = m.Side,
            Kind = m.Kind,
            Zone = m.Zone,
            Price = m.Price.MicroPerKwh,
            Quantity = m.Quantity.Value,
            Remaining = m.Quantity.Value,
            Arrival = ++book.NextArrival,
            Escrow = need,
            Contract = contract,
        };
        if (need > 0) _needs.Tokens.Reserve(state, owner, Token.Watt, need);
        if (m.Side == Side.Sell) MarketStore.AddOffered(state, m.Slot, owner, m.Zone, m.Quantity.Value);
        state.Set(MarketStore.OwnerOrderKey(owner, id), [1]);
        context.Emit(new OrderPlaced(id, m.Slot, owner, m.Side, m.Kind, m.Zone, m.Price.MicroPerKwh, m.Quantity.Value, need, contract));
        Apply(context, book, engine, order, rests: kind == OrderKind.LimitGtc);
        return null;
    }

    /// <summary>A slot's first order or pre-arranged trade opens its book, freezing the grid and the price limit.</summary>
    private static SlotBook OpenBook(IState state, SlotId slot, GridTopology topology, PricePerKwh limit)
    {
        MarketStore.SetOpenSlots(state, SlotList.With(MarketStore.OpenSlots(state), slot.Index));
        return new SlotBook
        {
            Slot = slot,
            Status = SlotStatus.Open,
            PriceLimit = limit.MicroPerKwh,
            Grid = topology.Encode(),
            Flows = new long[topology.Links.Count],
        };
    }

    private Rejection? Amend(TxContext context, AmendOrderMessage m)
    {
        var state = context.State;
        if (Owned(state, m.Order, context.Sender, out var order) is { } refused) return refused;
        if (CheckSlotOpen(state, order.Slot, context.Block.Time) is { } closed) return closed;
        var book = MarketStore.Book(state, order.Slot)!;
        var newPrice = m.Price ?? new PricePerKwh(order.Price);
        var newQuantity = m.Quantity ?? new Wh(order.Remaining);
        if (CheckPrice(newPrice, new PricePerKwh(book.PriceLimit)) is { } price) return price;
        if (CheckQuantity(state, newQuantity) is { } quantity) return quantity;
        // Judged here, from the stored order, so that no engine (kept or rebuilt) decides it: filled plus remaining stays bounded.
        if (newQuantity.Value > MatchingEngine.MaxQuantity - order.Filled)
        {
            return new Rejection(MarketCodes.QuantityOutOfBounds,
                $"order {order.Id} has filled {order.Filled} Wh; with {newQuantity.Value} more it would exceed {MatchingEngine.MaxQuantity} Wh in all");
        }

        // Market rule 8: a new price or a larger quantity enters the order again as an incoming one, so it meets every check a
        // new order meets (a sell: no debt, room under its meters for what it adds; a buy: no contract payment owed).
        var requeue = newPrice.MicroPerKwh != order.Price || newQuantity.Value > order.Remaining;
        if (requeue && (order.Side == Side.Sell
                ? CheckSeller(state, order.Slot, order.Owner, order.Zone, new Wh(Math.Max(0, newQuantity.Value - order.Remaining)))
                : CheckBuyer(state, order.Owner)) is { } party) return party;
        var need = Escrow.Need(order.Side, newQuantity, newPrice);
        if (need > order.Escrow && CheckFree(state, context.Sender, need - order.Escrow) is { } funds) return funds;

        var engine = _engines.ForUpdate(state, book);
        var code = engine.Amend(new OrderId((long)order.Id), m.Price?.MicroPerKwh, m.Quantity?.Value);
        if (code != RejectCode.None) return EngineRejection(code);

        if (need > order.Escrow) _needs.Tokens.Reserve(state, order.Owner, Token.Watt, need - order.Escrow);
        else if (need < order.Escrow) _needs.Tokens.Unreserve(state, order.Owner, Token.Watt, order.Escrow - need);
        if (order.Side == Side.Sell) MarketStore.AddOffered(state, order.Slot, order.Owner, order.Zone, newQuantity.Value - order.Remaining);
        var orders = new Dictionary<ulong, MarketOrder> { [order.Id] = order };
        if (requeue)
        {
            Unlink(state, book, orders, order);
            order.Arrival = ++book.NextArrival;
            order.Status = MarketOrderStatus.Pending;
        }

        order.Quantity = checked(order.Quantity + newQuantity.Value - order.Remaining);
        order.Price = newPrice.MicroPerKwh;
        order.Remaining = newQuantity.Value;
        order.Escrow = need;
        context.Emit(new OrderAmended(order.Id, order.Slot, order.Owner, order.Side, order.Zone, order.Price, order.Remaining, need, requeue));
        Apply(context, book, engine, requeue ? order : null, rests: true, orders);
        return null;
    }

    private Rejection? Cancel(TxContext context, CancelOrderMessage m)
    {
        var state = context.State;
        if (Owned(state, m.Order, context.Sender, out var order) is { } refused) return refused;
        if (CheckSlotOpen(state, order.Slot, context.Block.Time) is { } closed) return closed;
        var book = MarketStore.Book(state, order.Slot)!;
        var engine = _engines.ForUpdate(state, book);
        var code = engine.Cancel(new OrderId((long)order.Id));
        if (code != RejectCode.None) return EngineRejection(code);
        Apply(context, book, engine, null, rests: false, new Dictionary<ulong, MarketOrder> { [order.Id] = order });
        return null;
    }

    /// <summary>Books the engine's events of the last command into the state: trades with their escrow, cancellations with
    /// their release, the resting list, the flows; then moves the book's counter on and tags the engine with it.</summary>
    /// <remarks>The taker is the order that entered (or re-entered) the book and is not in the resting list, if any.</remarks>
    private void Apply(TxContext context, SlotBook book, MatchingEngine engine, MarketOrder? taker, bool rests, Dictionary<ulong, MarketOrder>? orders = null)
    {
        var state = context.State;
        orders ??= [];
        if (taker is not null) orders[taker.Id] = taker;
        foreach (ref readonly var e in engine.Events)
        {
            switch (e.Kind)
            {
                case MatchEventKind.Trade:
                    Trade(context, book, orders, taker, in e);
                    break;
                case MatchEventKind.Cancelled:
                    var o = Load(state, orders, (ulong)e.Id.Value);
                    var released = o.Escrow;
                    Release(state, o, released);
                    if (o.Side == Side.Sell) MarketStore.AddOffered(state, o.Slot, o.Owner, o.Zone, -e.Quantity);
                    o.Remaining = checked(o.Remaining - e.Quantity);
                    o.Escrow = 0;
                    o.Status = e.Reason == CancelReason.Expired ? MarketOrderStatus.Expired : MarketOrderStatus.Cancelled;
                    o.Reason = e.Reason;
                    if (o != taker) Unlink(state, book, orders, o);
                    context.Emit(Cancelled(o, e.Quantity, e.Reason, released));
                    break;
            }
        }

        if (taker is not null && taker.Status == MarketOrderStatus.Pending)
        {
            if (taker.Remaining > 0 && rests)
            {
                taker.Status = MarketOrderStatus.Resting;
                Append(state, book, orders, taker);
            }
            else if (taker.Remaining == 0)
            {
                taker.Status = MarketOrderStatus.Filled;
            }
        }

        // In id order: consensus code does not depend on a dictionary's enumeration order.
        foreach (var o in orders.Values.OrderBy(o => o.Id)) MarketStore.SetOrder(state, o);
        for (var p = 0; p < book.Flows.Length; p++) book.Flows[p] = engine.Flow(2 * p);
        book.Counter++;
        MarketStore.SetBook(state, book);
        _engines.Tag(book);
    }

    private void Trade(TxContext context, SlotBook book, Dictionary<ulong, MarketOrder> orders, MarketOrder? taker, in MatchEvent e)
    {
        var state = context.State;
        var buy = Load(state, orders, (ulong)e.BuyId.Value);
        var sell = Load(state, orders, (ulong)e.SellId.Value);
        // Market rule 3: the resting order's price; the fee comes out of the buyer's price when the buy was resting.
        var buyerPrice = e.Side == Side.Buy ? checked(e.Price + e.Fee) : e.Price;
        var sellerPrice = e.Side == Side.Buy ? e.Price : checked(e.Price - e.Fee);
        var (wh, buyerLimit, sellerLimit) = (new Wh(e.Quantity), new PricePerKwh(buyerPrice), new PricePerKwh(sellerPrice));
        var buyerEscrow = Fill(state, buy, e.Quantity, Escrow.Cost(Side.Buy, wh, buyerLimit, sellerLimit));
        var sellerEscrow = Fill(state, sell, e.Quantity, Escrow.Cost(Side.Sell, wh, buyerLimit, sellerLimit));
        foreach (var o in (ReadOnlySpan<MarketOrder>)[buy, sell])
        {
            if (o.Remaining == 0 && o != taker)
            {
                o.Status = MarketOrderStatus.Filled;
                Unlink(state, book, orders, o);
            }
        }

        var seq = book.TradeCount++;
        var trade = new MarketTrade(book.Slot, seq, buy.Id, sell.Id, buy.Owner, sell.Owner, buy.Zone, sell.Zone, e.Price, e.Fee, e.Quantity,
            buyerPrice, sellerPrice, buyerEscrow, sellerEscrow, context.Block.Time);
        state.Set(MarketStore.TradeKey(book.Slot, seq), trade.Encode());
        state.Set(MarketStore.OwnerTradeKey(buy.Owner, book.Slot, seq), [1]);
        state.Set(MarketStore.OwnerTradeKey(sell.Owner, book.Slot, seq), [1]);
        context.Emit(new TradeExecuted(book.Slot, seq, buy.Id, sell.Id, buy.Owner, sell.Owner, buy.Zone, sell.Zone, e.Price, e.Fee, e.Quantity,
            buyerPrice, sellerPrice, e.Side.Name()));
    }

    /// <summary>Fills <paramref name="wh"/> of an order: the trade keeps what it can cost at most out of the order's escrow,
    /// the order keeps what its remainder needs, and the excess is released.</summary>
    /// <returns>The escrow the trade holds.</returns>
    private ulong Fill(IState state, MarketOrder order, long wh, ulong cost)
    {
        order.Remaining = checked(order.Remaining - wh);
        order.Filled = checked(order.Filled + wh);
        var keep = Escrow.Need(order.Side, new Wh(order.Remaining), new PricePerKwh(order.Price));
        var available = order.Escrow - keep;
        // Per-trade rounding up can ask 1 µWATT more than the order's ceil-rounded escrow has left; the trade then holds
        // what is left and settlement caps the payment at it (see docs/market-on-chain.md).
        var held = Math.Min(cost, available);
        Release(state, order, available - held);
        order.Escrow = keep;
        return held;
    }

    private static MarketOrder Load(IState state, Dictionary<ulong, MarketOrder> orders, ulong id)
    {
        if (!orders.TryGetValue(id, out var o))
        {
            o = MarketStore.Order(state, id) ?? throw new InvalidOperationException($"the engine names order {id}, which the state does not hold");
            orders[id] = o;
        }

        return o;
    }

    private static void Append(IState state, SlotBook book, Dictionary<ulong, MarketOrder> orders, MarketOrder o)
    {
        o.PrevResting = book.Tail;
        o.NextResting = 0;
        if (book.Tail != 0) Load(state, orders, book.Tail).NextResting = o.Id;
        else book.Head = o.Id;
        book.Tail = o.Id;
        book.RestingCount++;
    }

    private static void Unlink(IState state, SlotBook book, Dictionary<ulong, MarketOrder> orders, MarketOrder o)
    {
        if (o.PrevResting != 0) Load(state, orders, o.PrevResting).NextResting = o.NextResting;
        else book.Head = o.NextResting;
        if (o.NextResting != 0) Load(state, orders, o.NextResting).PrevResting = o.PrevResting;
        else book.Tail = o.PrevResting;
        o.PrevResting = o.NextResting = 0;
        book.RestingCount--;
    }

    // --- Checks (all before the engine) ---

    /// <summary>What every order and pre-arranged trade must meet: the slot's book open (its book, price limit and grid come
    /// out, the book null when not opened yet), price and quantity within bounds, the zones in the slot's grid.</summary>
    private Rejection? CheckBook(IState state, SlotId slot, long now, PricePerKwh price, Wh quantity, ReadOnlySpan<ZoneId> zones,
        out SlotBook? book, out PricePerKwh limit, out GridTopology topology)
    {
        (book, limit, topology) = (null, PricePerKwh.Zero, null!);
        if (CheckSlotOpen(state, slot, now) is { } closed) return closed;
        book = MarketStore.Book(state, slot);
        if (book is { Status: SlotStatus.Closed }) return SlotClosed(slot);
        limit = new PricePerKwh(book?.PriceLimit ?? PriceLimit.Get(state));
        if (CheckPrice(price, limit) is { } badPrice) return badPrice;
        if (CheckQuantity(state, quantity) is { } badQuantity) return badQuantity;
        topology = book is null ? _needs.Grid.TopologyFor(state, slot) : GridTopology.Decode(book.Grid);
        foreach (var zone in zones)
        {
            if (!topology.HasZone(zone)) return new Rejection(GridCodes.UnknownZone, $"the grid of slot {slot} has no zone '{zone}'");
        }

        return null;
    }

    /// <summary>A seller owes no debt and its production meters in the zone have room for <paramref name="quantity"/> more.</summary>
    private Rejection? CheckSeller(IState state, SlotId slot, Address seller, ZoneId zone, Wh quantity)
    {
        var debt = _needs.Settlement.DebtTotal(state, seller);
        return debt > 0
            ? new Rejection(MarketCodes.DebtOutstanding,
                $"{seller} owes {new Amount(debt)} WATT of debts (imbalance penalties or contract payments); pay them before selling again")
            : CheckSellCapacity(state, slot, seller, zone, quantity);
    }

    /// <summary>A buyer owes no other account a payment (an unpaid contract period): a debt owed to the market's counterparties
    /// stops its debtor from buying until it is paid, as an imbalance debt stops selling.</summary>
    private Rejection? CheckBuyer(IState state, Address buyer)
    {
        var debt = _needs.Settlement.DebtToAccounts(state, buyer);
        return debt > 0
            ? new Rejection(MarketCodes.DebtOutstanding, $"{buyer} owes {new Amount(debt)} WATT of contract payments; pay them before buying again")
            : null;
    }

    private Rejection? CheckSlotOpen(IState state, SlotId slot, long now)
    {
        var length = _needs.Grid.SlotLengthSeconds(state);
        var current = now / length;
        var horizon = HorizonSeconds.Get(state);
        var gate = GateClosureSeconds.Get(state);
        if (slot.Index <= current) return SlotClosed(slot);
        if (slot.Index - current > (horizon / length) + 2) return SlotNotOpen(slot, horizon);
        var start = slot.Index * length;
        if (now >= start - gate) return SlotClosed(slot);
        return now < start - horizon ? SlotNotOpen(slot, horizon) : null;
    }

    private static Rejection SlotClosed(SlotId slot) => new(MarketCodes.SlotClosed, $"the book of slot {slot} is closed (gate closure has passed)");

    private Rejection SlotNotOpen(SlotId slot, long horizon) =>
        new(MarketCodes.SlotNotOpen, $"the book of slot {slot} opens {horizon} s before the slot starts ({Name}.{HorizonSeconds.Name})");

    private static Rejection? CheckPrice(PricePerKwh price, PricePerKwh limit) => price < -limit || price > limit
        ? new Rejection(MarketCodes.PriceOutOfBounds, $"a price is between -{limit.MicroPerKwh} and {limit.MicroPerKwh} µWATT/kWh, not {price.MicroPerKwh}")
        : null;

    private Rejection? CheckQuantity(IState state, Wh quantity)
    {
        var max = new Wh(MaxOrderWh.Get(state));
        return quantity < new Wh(1) || quantity > max
            ? new Rejection(MarketCodes.QuantityOutOfBounds, $"a quantity is 1 to {max.Value} Wh ({Name}.{MaxOrderWh.Name}), not {quantity.Value}")
            : null;
    }

    private Rejection? CheckSellCapacity(IState state, SlotId slot, Address seller, ZoneId zone, Wh more)
    {
        var hasMeter = false;
        foreach (var id in _needs.Metering.MetersOf(state, seller))
        {
            if (_needs.Metering.Meter(state, id) is { IsActive: true, Produces: true } meter && meter.Zone == zone) hasMeter = true;
        }

        if (!hasMeter) return new Rejection(MarketCodes.NoMeter, $"{seller} has no active production meter in zone '{zone}'");
        var capacity = _needs.Metering.ProductionCapacity(state, seller, zone);
        var offered = new Wh(MarketStore.Offered(state, slot, seller, zone));
        return offered + more > capacity
            ? new Rejection(MarketCodes.OverCapacity,
                $"its meters in '{zone}' deliver at most {capacity.Value} Wh in a slot; {offered.Value} Wh are sold or offered already, "
                + $"{more.Value} more do not fit")
            : null;
    }

    private Rejection? CheckFree(IState state, Address account, ulong need)
    {
        var free = _needs.Tokens.GetBalance(state, account, Token.Watt).Free;
        return free < need
            ? new Rejection(RejectionCodes.InsufficientFunds, $"{account} has {new Amount(free)} WATT free; the order's escrow needs {new Amount(need)}")
            : null;
    }

    private static Rejection? Owned(IState state, ulong id, Address sender, out MarketOrder order)
    {
        var found = MarketStore.Order(state, id);
        order = found!;
        if (found is null) return new Rejection(MarketCodes.UnknownOrder, $"no order {id} exists");
        if (found.Owner != sender) return new Rejection(MarketCodes.NotOwner, $"order {id} belongs to {found.Owner}, not {sender}");
        return found.Status == MarketOrderStatus.Resting ? null : new Rejection(MarketCodes.NotResting, $"order {id} is {found.Status.Name()}, not resting");
    }

    private static Rejection EngineRejection(RejectCode code) => code switch
    {
        RejectCode.FokNotFilled => new Rejection(MarketCodes.FokNotFilled, "the fill-or-kill order cannot fill completely now; nothing changed"),
        RejectCode.PriceOutOfRange => new Rejection(MarketCodes.PriceOutOfBounds, "the price is beyond the slot's limit"),
        RejectCode.InvalidQuantity => new Rejection(MarketCodes.QuantityOutOfBounds, "the quantity is out of bounds"),
        RejectCode.NotResting => new Rejection(MarketCodes.NotResting, "the order is not resting"),
        RejectCode.GateClosed => new Rejection(MarketCodes.SlotClosed, "the book is closed"),
        _ => new Rejection(GridCodes.UnknownZone, "the zone is not in the slot's grid"),
    };
}
