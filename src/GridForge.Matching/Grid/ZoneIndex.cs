namespace GridForge.Matching;

/// <summary>A grid zone (feeder or substation area) as the engine knows it: an index into its <see cref="MarketGrid"/>. Named
/// apart from <c>GridForge.Core.Primitives.ZoneId</c> (the zone's name, what transactions and the API carry) so the two cannot be
/// confused; the market maps one to the other (<c>MarketGrids.Zone</c>).</summary>
/// <param name="Index">Position of the zone in the grid's zone list.</param>
public readonly record struct ZoneIndex(int Index)
{
    /// <inheritdoc/>
    public override string ToString() => Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
