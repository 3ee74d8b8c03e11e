namespace GridForge.Runtime.Modules.Market;

/// <summary>Where a stored order stands.</summary>
public enum MarketOrderStatus : byte
{
    /// <summary>Entering the book in the command being applied; never stored.</summary>
    Pending = 0,
    Resting = 1,
    Filled = 2,
    Cancelled = 3,
    Expired = 4,
}
