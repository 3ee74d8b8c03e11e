namespace GridForge.Matching;

/// <summary>A grid zone (feeder or substation area), as an index into its <see cref="MarketGrid"/>.</summary>
/// <param name="Index">Position of the zone in the grid's zone list.</param>
public readonly record struct ZoneId(int Index)
{
    /// <inheritdoc/>
    public override string ToString() => Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
