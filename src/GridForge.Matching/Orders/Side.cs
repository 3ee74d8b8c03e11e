namespace GridForge.Matching;

/// <summary>Whether an order buys or sells energy.</summary>
public enum Side : byte
{
    /// <summary>Buys energy; its price is all-in (the grid fee comes out of it).</summary>
    Buy = 0,

    /// <summary>Sells energy; it receives its price minus nothing, or the buyer's price minus the fee.</summary>
    Sell = 1,
}
