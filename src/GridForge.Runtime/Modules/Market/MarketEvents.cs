namespace GridForge.Runtime.Modules.Market;

/// <summary>Kinds of the market module's events, in the order a command produces them.</summary>
public static class MarketEvents
{
    /// <summary>An order was accepted: order, slot, owner, side, kind, zone, price, quantity, escrow.</summary>
    public const string OrderPlaced = "order_placed";

    /// <summary>A resting order was amended: order, slot, price, quantity, escrow, requeued.</summary>
    public const string OrderAmended = "order_amended";

    /// <summary>A trade: slot, trade, buy, sell, buyer, seller, buy_zone, sell_zone, price, fee, quantity, buyer_price, seller_price.</summary>
    public const string Trade = "trade";

    /// <summary>An order or its remainder left the book: order, slot, owner, side, zone, quantity, reason, released.</summary>
    public const string OrderCancelled = "order_cancelled";

    /// <summary>A slot's book closed at gate closure: slot, expired (orders).</summary>
    public const string GateClosed = "gate_closed";

    /// <summary>A book's gate closure failed (its changes dropped): slot, attempt, code, reason. After the last attempt the slot
    /// is set aside as stalled (<c>market/stalled</c>), its resting orders' escrow still reserved.</summary>
    public const string GateClosureFailed = "gate_closure_failed";

    /// <summary>A grid capacity change took effect on an open book: slot, from, to, capacity, events (trades and
    /// cancellations it caused, each also its own event).</summary>
    public const string CapacityApplied = "capacity_applied";

    /// <summary>A grid capacity change could not be applied to an open book (it keeps its old capacities): slot, code, reason.</summary>
    public const string CapacityChangeFailed = "capacity_change_failed";
}
