namespace GridForge.Runtime.Modules.Market;

/// <summary>The stable rejection codes of the market module (besides the runtime's <c>insufficient_funds</c> and the grid's <c>unknown_zone</c>).</summary>
public static class MarketCodes
{
    public const string NoMeter = "no_meter";
    public const string OverCapacity = "over_capacity";
    public const string SlotClosed = "slot_closed";
    public const string SlotNotOpen = "slot_not_open";
    public const string PriceOutOfBounds = "price_out_of_bounds";
    public const string QuantityOutOfBounds = "quantity_out_of_bounds";
    public const string UnknownOrder = "unknown_order";
    public const string NotOwner = "not_owner";
    public const string NotResting = "order_not_resting";
    public const string DebtOutstanding = "debt_outstanding";
    public const string FokNotFilled = "fok_not_filled";
    public const string LinkFull = "link_full";

    /// <summary>The API's answer (404) for a slot whose book never opened: no order was placed for it yet, or none ever was. No
    /// transaction is refused with it (an order for a slot too far ahead is <see cref="SlotNotOpen"/>).</summary>
    public const string UnknownBook = "unknown_book";
}
