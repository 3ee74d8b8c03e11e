namespace GridForge.Matching;

/// <summary>The immutable grid one slot is matched on: zones, links, fees, congestion and the price limit.</summary>
/// <remarks>
/// Links are stored as directed pairs: directed link <c>2p</c> goes the declared way of pair <c>p</c>,
/// <c>2p + 1</c> goes back, and both share the pair's single net flow (Market rule 5).
/// </remarks>
public sealed class MarketGrid
{
    /// <summary>The default price limit, ±9,999.99 per MWh as on EPEX, in µWATT per kWh.</summary>
    public const long DefaultPriceLimit = 9_999_990;

    /// <summary>The largest price limit a grid may declare (keeps price ± fee far from overflow).</summary>
    public const long MaxPriceLimit = 1_000_000_000_000_000;

    /// <summary>The largest base or local fee a grid may declare, in µWATT per kWh.</summary>
    public const long MaxFee = 1_000_000_000_000;

    /// <summary>The largest congestion factor a grid may declare, in permille.</summary>
    public const long MaxCongestionPermille = 1_000_000;

    /// <summary>The largest capacity a link may declare, in Wh per slot.</summary>
    public const long MaxCapacity = 1_000_000_000_000_000;

    private readonly string[] zoneNames;
    private readonly Dictionary<string, int> zoneIndex;
    private readonly int[] linkMatrix;

    internal MarketGrid(
        string[] zoneNames,
        long localFee,
        long congestionPermille,
        long priceLimit,
        int[] linkFrom,
        int[] linkTo,
        long[] linkBaseFee,
        long[] linkCapacity)
    {
        this.zoneNames = zoneNames;
        LocalFee = localFee;
        CongestionPermille = congestionPermille;
        PriceLimit = priceLimit;
        LinkFrom = linkFrom;
        LinkTo = linkTo;
        LinkBaseFee = linkBaseFee;
        LinkCapacity = linkCapacity;
        zoneIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < zoneNames.Length; i++)
        {
            zoneIndex.Add(zoneNames[i], i);
        }

        var n = zoneNames.Length;
        linkMatrix = new int[checked(n * n)];
        Array.Fill(linkMatrix, -1);
        for (var d = 0; d < linkFrom.Length; d++)
        {
            linkMatrix[(linkFrom[d] * n) + linkTo[d]] = d;
        }

        // Routes by which a buyer in zone z reaches sellers (sellers' zone -> z), and a seller in z reaches buyers.
        InRoutes = new Route[n][];
        OutRoutes = new Route[n][];
        for (var z = 0; z < n; z++)
        {
            var inbound = new List<Route> { new(z, -1) };
            var outbound = new List<Route> { new(z, -1) };
            for (var d = 0; d < linkFrom.Length; d++)
            {
                if (linkTo[d] == z)
                {
                    inbound.Add(new Route(linkFrom[d], d));
                }

                if (linkFrom[d] == z)
                {
                    outbound.Add(new Route(linkTo[d], d));
                }
            }

            InRoutes[z] = [.. inbound];
            OutRoutes[z] = [.. outbound];
        }

        MaxRoutes = 1;
        for (var z = 0; z < n; z++)
        {
            MaxRoutes = Math.Max(MaxRoutes, Math.Max(InRoutes[z].Length, OutRoutes[z].Length));
        }
    }

    /// <summary>Number of zones.</summary>
    public int ZoneCount => zoneNames.Length;

    /// <summary>Number of directed links (twice the number of declared links).</summary>
    public int DirectedLinkCount => LinkFrom.Length;

    /// <summary>Fee per kWh for a trade within one zone, in µWATT.</summary>
    public long LocalFee { get; }

    /// <summary>How steeply a link's fee rises with its flow, in permille of the base fee at full capacity (Market rule 6).</summary>
    public long CongestionPermille { get; }

    /// <summary>The largest absolute price an order may carry, in µWATT per kWh.</summary>
    public long PriceLimit { get; }

    internal int[] LinkFrom { get; }

    internal int[] LinkTo { get; }

    internal long[] LinkBaseFee { get; }

    internal long[] LinkCapacity { get; }

    internal Route[][] InRoutes { get; }

    internal Route[][] OutRoutes { get; }

    internal int MaxRoutes { get; }

    /// <summary>The grid of a replay without a grid file: one zone <c>Z0</c>, local fee 0, the default price limit.</summary>
    public static MarketGrid SingleZone() => new GridBuilder().AddZone("Z0").Build();

    /// <summary>The name of a zone.</summary>
    public string ZoneName(ZoneIndex zone) => zoneNames[zone.Index];

    /// <summary>Looks a zone up by its name.</summary>
    public bool TryGetZone(string name, out ZoneIndex zone)
    {
        if (zoneIndex.TryGetValue(name, out var index))
        {
            zone = new ZoneIndex(index);
            return true;
        }

        zone = default;
        return false;
    }

    /// <summary>Whether the zone belongs to this grid.</summary>
    public bool Contains(ZoneIndex zone) => zone.Index >= 0 && zone.Index < zoneNames.Length;

    /// <summary>The directed link index from one zone to another, or -1 when there is none (or the zones are equal).</summary>
    internal int DirectedLink(int from, int to) => linkMatrix[(from * zoneNames.Length) + to];
}
