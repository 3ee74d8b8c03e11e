namespace GridForge.Matching;

/// <summary>Why the engine rejected a command; a rejected command changes nothing. <see cref="None"/> means accepted.</summary>
public enum RejectCode : byte
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>An order with this id was already accepted in this slot.</summary>
    DuplicateId = 1,

    /// <summary>The quantity is not a positive integer number of Wh (an order holds at most <see cref="MatchingEngine.MaxQuantity"/>).</summary>
    InvalidQuantity = 2,

    /// <summary>The price is not an integer (reported by adapters that parse text).</summary>
    InvalidPrice = 3,

    /// <summary>The price is beyond the slot's price limit.</summary>
    PriceOutOfRange = 4,

    /// <summary>The zone is not part of the grid.</summary>
    UnknownZone = 5,

    /// <summary>A cancel or amend named an order that is not resting.</summary>
    NotResting = 6,

    /// <summary>A fill-or-kill order could not be filled completely.</summary>
    FokNotFilled = 7,

    /// <summary>The book is closed (gate closure has passed).</summary>
    GateClosed = 8,

    /// <summary>A flow allocation asked for more than the link's room, or for two zones no link joins.</summary>
    NoCapacity = 9,
}
