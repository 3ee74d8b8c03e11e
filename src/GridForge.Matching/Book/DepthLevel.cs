namespace GridForge.Matching;

/// <summary>One aggregated price level of a zone's book (L2 depth).</summary>
/// <param name="Price">Price in µWATT per kWh.</param>
/// <param name="Quantity">Total remaining Wh at this price (saturates at <see cref="long.MaxValue"/>).</param>
/// <param name="Orders">Number of resting orders at this price.</param>
public readonly record struct DepthLevel(long Price, long Quantity, int Orders);
