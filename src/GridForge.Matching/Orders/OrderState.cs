namespace GridForge.Matching;

/// <summary>The state of one order as the engine knows it.</summary>
/// <param name="Status">Unknown, resting, filled or cancelled.</param>
/// <param name="Filled">Wh filled so far.</param>
/// <param name="Remaining">Wh still resting (zero unless resting).</param>
/// <param name="Price">The resting price in µWATT/kWh (zero unless resting).</param>
/// <param name="Reason">Why the order was cancelled (meaningful only when cancelled).</param>
public readonly record struct OrderState(OrderStatus Status, long Filled, long Remaining, long Price, CancelReason Reason)
{
    /// <summary>The state of an id the engine never accepted.</summary>
    public static OrderState Unknown => default;
}
