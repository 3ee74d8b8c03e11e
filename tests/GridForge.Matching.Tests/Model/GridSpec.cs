namespace GridForge.Matching.Tests.Model;

/// <summary>A grid described plainly, so that the reference book never reads the engine's grid internals.</summary>
public sealed record GridSpec(
    IReadOnlyList<string> Zones,
    IReadOnlyList<LinkSpec> Links,
    long LocalFee = 0,
    long CongestionPermille = 0,
    long PriceLimit = MarketGrid.DefaultPriceLimit)
{
    public static GridSpec SingleZone(long localFee = 0) => new(["Z0"], [], localFee);

    public MarketGrid ToGrid()
    {
        var builder = new GridBuilder { LocalFee = LocalFee, CongestionPermille = CongestionPermille, PriceLimit = PriceLimit };
        foreach (var zone in Zones)
        {
            builder.AddZone(zone);
        }

        foreach (var link in Links)
        {
            builder.AddLink(Zones[link.From], Zones[link.To], link.Fee, link.CapacityForward, link.CapacityBackward);
        }

        return builder.Build();
    }

    public override string ToString() =>
        $"zones={Zones.Count} local={LocalFee} k={CongestionPermille} limit={PriceLimit} links=[{string.Join(", ", Links)}]";
}
