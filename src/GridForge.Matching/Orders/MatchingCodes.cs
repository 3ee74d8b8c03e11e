namespace GridForge.Matching;

/// <summary>The stable machine-readable codes and human sentences for rejections and cancellations.</summary>
public static class MatchingCodes
{
    /// <summary>The stable code of a rejection, e.g. <c>duplicate-id</c>.</summary>
    public static string Code(this RejectCode code) => code switch
    {
        RejectCode.None => "none",
        RejectCode.DuplicateId => "duplicate-id",
        RejectCode.InvalidQuantity => "invalid-quantity",
        RejectCode.InvalidPrice => "invalid-price",
        RejectCode.PriceOutOfRange => "price-out-of-range",
        RejectCode.UnknownZone => "unknown-zone",
        RejectCode.NotResting => "not-resting",
        RejectCode.FokNotFilled => "fok-not-filled",
        RejectCode.GateClosed => "gate-closed",
        RejectCode.NoCapacity => "no-capacity",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>A one-sentence explanation of a rejection for people.</summary>
    public static string Sentence(this RejectCode code) => code switch
    {
        RejectCode.None => "The command was accepted.",
        RejectCode.DuplicateId => "An order with this id was already accepted in this slot.",
        RejectCode.InvalidQuantity => "The quantity must be a positive integer number of Wh, at most 10^15 per order.",
        RejectCode.InvalidPrice => "The price must be an integer number of µWATT per kWh.",
        RejectCode.PriceOutOfRange => "The price is beyond the slot's price limit.",
        RejectCode.UnknownZone => "The zone is not part of the grid.",
        RejectCode.NotResting => "The order is not resting in the book.",
        RejectCode.FokNotFilled => "The fill-or-kill order could not be filled completely, so nothing was done.",
        RejectCode.GateClosed => "The slot's book is closed.",
        RejectCode.NoCapacity => "The link has no room for the allocation, or no link joins the zones.",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>The stable code of a cancellation reason, e.g. <c>self-trade</c>.</summary>
    public static string Code(this CancelReason reason) => reason switch
    {
        CancelReason.None => "none",
        CancelReason.SelfTrade => "self-trade",
        CancelReason.Ioc => "ioc",
        CancelReason.User => "user",
        CancelReason.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
