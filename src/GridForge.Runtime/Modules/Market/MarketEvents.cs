using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Market;

/// <summary>Kinds of the market module's events, in the order a command produces them; each has its record below.</summary>
public static class MarketEvents
{
    public const string OrderPlaced = "order_placed";
    public const string OrderAmended = "order_amended";
    public const string Trade = "trade";
    public const string OrderCancelled = "order_cancelled";
    public const string GateClosed = "gate_closed";
    public const string GateClosureFailed = "gate_closure_failed";
    public const string CapacityApplied = "capacity_applied";
    public const string CapacityChangeFailed = "capacity_change_failed";

    /// <summary>Reads a stored market event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        OrderPlaced => Market.OrderPlaced.Read(r),
        OrderAmended => Market.OrderAmended.Read(r),
        Trade => TradeExecuted.Read(r),
        OrderCancelled => Market.OrderCancelled.Read(r),
        GateClosed => Market.GateClosed.Read(r),
        GateClosureFailed => Market.GateClosureFailed.Read(r),
        CapacityApplied => Market.CapacityApplied.Read(r),
        CapacityChangeFailed => Market.CapacityChangeFailed.Read(r),
        _ => null,
    };
}

/// <summary>An order was accepted (<paramref name="Contract"/>: the contract that placed it, 0 for an account's own).</summary>
public sealed record OrderPlaced(ulong Order, SlotId Slot, Address Owner, Side Side, OrderKind Kind, ZoneId Zone, long Price, long Quantity,
    ulong Escrow, ulong Contract) : IModuleEvent
{
    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.OrderPlaced;

    public void Write(EventWriter a) => a.Add("order", Order).Add("slot", Slot).Add("owner", Owner).Add("side", Side.Name()).Add("kind", Kind.Name())
        .Add("zone", Zone).Add("price", Price).Add("quantity", Quantity).Add("escrow", Escrow).Add("contract", Contract);

    internal static OrderPlaced Read(EventReader r) => new(r.U64("order"), r.Slot("slot"), r.Address("owner"), r.Enum<Side>("side", MarketNames.Name),
        r.Enum<OrderKind>("kind", MarketNames.Name), r.Zone("zone"), r.I64("price"), r.I64("quantity"), r.U64("escrow"), r.U64("contract"));
}

/// <summary>A resting order was amended: its new price, quantity and escrow, and whether it entered the book again.</summary>
public sealed record OrderAmended(ulong Order, SlotId Slot, Address Owner, Side Side, ZoneId Zone, long Price, long Quantity, ulong Escrow,
    bool Requeued) : IModuleEvent
{
    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.OrderAmended;

    public void Write(EventWriter a) => a.Add("order", Order).Add("slot", Slot).Add("owner", Owner).Add("side", Side.Name()).Add("zone", Zone)
        .Add("price", Price).Add("quantity", Quantity).Add("escrow", Escrow).Add("requeued", Requeued);

    internal static OrderAmended Read(EventReader r) => new(r.U64("order"), r.Slot("slot"), r.Address("owner"), r.Enum<Side>("side", MarketNames.Name),
        r.Zone("zone"), r.I64("price"), r.I64("quantity"), r.U64("escrow"), r.Bool("requeued"));
}

/// <summary>A trade (kind <c>trade</c>): <paramref name="Taker"/> is the incoming side's name, or <c>contract</c> for a contract's
/// pre-arranged trade, which has no orders (<paramref name="Buy"/> and <paramref name="Sell"/> 0) and names its
/// <paramref name="Contract"/> (null, and not written, for a trade of orders).</summary>
public sealed record TradeExecuted(SlotId Slot, uint Trade, ulong Buy, ulong Sell, Address Buyer, Address Seller, ZoneId BuyZone, ZoneId SellZone,
    long Price, long Fee, long Quantity, long BuyerPrice, long SellerPrice, string Taker, ulong? Contract = null) : IModuleEvent
{
    /// <summary>The taker of a contract's pre-arranged trade.</summary>
    public const string ContractTaker = "contract";

    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.Trade;

    public void Write(EventWriter a)
    {
        a.Add("slot", Slot).Add("trade", Trade).Add("buy", Buy).Add("sell", Sell).Add("buyer", Buyer).Add("seller", Seller).Add("buy_zone", BuyZone)
            .Add("sell_zone", SellZone).Add("price", Price).Add("fee", Fee).Add("quantity", Quantity).Add("buyer_price", BuyerPrice)
            .Add("seller_price", SellerPrice).Add("taker", Taker);
        if (Contract is { } contract) a.Add("contract", contract);
    }

    internal static TradeExecuted Read(EventReader r) => new(r.Slot("slot"), r.U32("trade"), r.U64("buy"), r.U64("sell"), r.Address("buyer"),
        r.Address("seller"), r.Zone("buy_zone"), r.Zone("sell_zone"), r.I64("price"), r.I64("fee"), r.I64("quantity"), r.I64("buyer_price"),
        r.I64("seller_price"), r.Text("taker"), r.Has("contract") ? r.U64("contract") : null);
}

/// <summary>An order or its remainder left the book: the quantity removed, why, and the escrow released.</summary>
public sealed record OrderCancelled(ulong Order, SlotId Slot, Address Owner, Side Side, ZoneId Zone, long Price, long Quantity, CancelReason Reason,
    ulong Released) : IModuleEvent
{
    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.OrderCancelled;

    public void Write(EventWriter a) => a.Add("order", Order).Add("slot", Slot).Add("owner", Owner).Add("side", Side.Name()).Add("zone", Zone)
        .Add("price", Price).Add("quantity", Quantity).Add("reason", Reason.Name()).Add("released", Released);

    internal static OrderCancelled Read(EventReader r) => new(r.U64("order"), r.Slot("slot"), r.Address("owner"), r.Enum<Side>("side", MarketNames.Name),
        r.Zone("zone"), r.I64("price"), r.I64("quantity"), r.Enum<CancelReason>("reason", MarketNames.Name), r.U64("released"));
}

/// <summary>A slot's book closed at gate closure: the resting orders that expired and the trades it made.</summary>
public sealed record GateClosed(SlotId Slot, int Expired, uint Trades) : IModuleEvent
{
    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.GateClosed;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("expired", Expired).Add("trades", Trades);

    internal static GateClosed Read(EventReader r) => new(r.Slot("slot"), r.I32("expired"), r.U32("trades"));
}

/// <summary>A book's gate closure failed (its changes dropped). After the last attempt the slot is set aside as stalled
/// (<c>market/stalled</c>), its resting orders' escrow still reserved.</summary>
public sealed record GateClosureFailed(SlotId Slot, int Attempt, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.GateClosureFailed;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("attempt", Attempt).Add("code", Code).Add("reason", Reason);

    internal static GateClosureFailed Read(EventReader r) => new(r.Slot("slot"), r.I32("attempt"), r.Text("code"), r.Text("reason"));
}

/// <summary>A grid capacity change took effect on an open book for one direction of a link: <paramref name="Events"/> counts the
/// trades and cancellations it caused (each also its own event).</summary>
public sealed record CapacityApplied(SlotId Slot, ZoneId From, ZoneId To, long Capacity, int Events) : IModuleEvent
{
    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.CapacityApplied;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("from", From).Add("to", To).Add("capacity", Capacity).Add("events", Events);

    internal static CapacityApplied Read(EventReader r) => new(r.Slot("slot"), r.Zone("from"), r.Zone("to"), r.I64("capacity"), r.I32("events"));
}

/// <summary>A grid capacity change could not be applied to an open book (it keeps its old capacities).</summary>
public sealed record CapacityChangeFailed(SlotId Slot, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => MarketModule.ModuleName;
    string IModuleEvent.Kind => MarketEvents.CapacityChangeFailed;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("code", Code).Add("reason", Reason);

    internal static CapacityChangeFailed Read(EventReader r) => new(r.Slot("slot"), r.Text("code"), r.Text("reason"));
}
