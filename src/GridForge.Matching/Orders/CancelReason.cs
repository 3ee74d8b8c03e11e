namespace GridForge.Matching;

/// <summary>Why the engine removed an order, or its remainder, from the book.</summary>
public enum CancelReason : byte
{
    /// <summary>No cancellation.</summary>
    None = 0,

    /// <summary>A resting order met an incoming order of its own account (Market rule 4).</summary>
    SelfTrade = 1,

    /// <summary>The unfilled remainder of an ioc or market order (Market rule 7).</summary>
    Ioc = 2,

    /// <summary>The owner cancelled the order.</summary>
    User = 3,

    /// <summary>The order was still resting at gate closure.</summary>
    Expired = 4,
}
