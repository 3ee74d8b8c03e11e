namespace GridForge.Matching;

/// <summary>Where an order stands in the book.</summary>
public enum OrderStatus : byte
{
    /// <summary>The engine never accepted an order with this id (rejected orders leave no trace).</summary>
    Unknown = 0,

    /// <summary>The order rests in the book with a positive remaining quantity.</summary>
    Resting = 1,

    /// <summary>The order was filled completely.</summary>
    Filled = 2,

    /// <summary>The order was cancelled (possibly after partial fills); see its reason.</summary>
    Cancelled = 3,
}
