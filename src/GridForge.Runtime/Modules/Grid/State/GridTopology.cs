using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO's model of the grid: zones in ordinal order, links in (from, to) order, the fee for a trade
/// within one zone and the congestion factor of the dynamic link fee. Immutable; changes make a new one.</summary>
/// <remarks>Canonical encoding (one state value): u32 zone count, zone names; i64 local fee; i64 congestion
/// permille; u32 link count, then per link: from, to, i64 base fee, i64 forward capacity, i64 backward capacity.</remarks>
public sealed class GridTopology
{
    public static readonly GridTopology Empty = new([], [], 0, 0);

    private GridTopology(IReadOnlyList<ZoneId> zones, IReadOnlyList<GridLink> links, long localFee, long congestionPermille)
    {
        Zones = zones;
        Links = links;
        LocalFee = localFee;
        CongestionPermille = congestionPermille;
    }

    /// <summary>The zones, in ordinal order of their names.</summary>
    public IReadOnlyList<ZoneId> Zones { get; }

    /// <summary>The links, each with its ends in ordinal order, sorted by (from, to).</summary>
    public IReadOnlyList<GridLink> Links { get; }

    /// <summary>Fee for a trade within one zone, in µWATT per kWh.</summary>
    public long LocalFee { get; }

    /// <summary>How steeply a link's fee rises with its flow (DESIGN Market rule 6), in permille.</summary>
    public long CongestionPermille { get; }

    public bool HasZone(ZoneId zone) => Zones.Contains(zone);

    /// <summary>The link joining two zones in either direction, if there is one.</summary>
    public GridLink? FindLink(ZoneId a, ZoneId b)
    {
        foreach (var link in Links)
        {
            if (link.Joins(a, b)) return link;
        }

        return null;
    }

    /// <summary>The base fee per kWh for energy from <paramref name="from"/> to <paramref name="to"/>: the local fee
    /// within a zone, the link's base fee across one, null when no link joins them.</summary>
    public long? BaseFee(ZoneId from, ZoneId to) =>
        from == to ? (HasZone(from) ? LocalFee : null) : FindLink(from, to)?.BaseFee;

    public GridTopology WithZone(ZoneId zone) =>
        new([.. Zones.Append(zone).OrderBy(z => z.Name, StringComparer.Ordinal)], Links, LocalFee, CongestionPermille);

    public GridTopology WithoutZone(ZoneId zone) => new([.. Zones.Where(z => z != zone)], Links, LocalFee, CongestionPermille);

    /// <summary>Adds the link, or replaces the one joining the same two zones.</summary>
    public GridTopology WithLink(GridLink link) =>
        new(Zones, [.. Links.Where(l => !l.Joins(link.From, link.To)).Append(link).OrderBy(l => l.From.Name, StringComparer.Ordinal)
            .ThenBy(l => l.To.Name, StringComparer.Ordinal)],
            LocalFee, CongestionPermille);

    public GridTopology WithoutLink(ZoneId a, ZoneId b) => new(Zones, [.. Links.Where(l => !l.Joins(a, b))], LocalFee, CongestionPermille);

    public GridTopology WithFees(long localFee, long congestionPermille) => new(Zones, Links, localFee, congestionPermille);

    /// <summary>The same grid with each link's capacities replaced by <paramref name="capacity"/>(from, to, normal).</summary>
    public GridTopology WithCapacities(Func<ZoneId, ZoneId, long, long> capacity) =>
        new(Zones, [.. Links.Select(l => l with
        {
            ForwardCapacity = capacity(l.From, l.To, l.ForwardCapacity),
            BackwardCapacity = capacity(l.To, l.From, l.BackwardCapacity),
        })], LocalFee, CongestionPermille);

    public byte[] Encode()
    {
        var w = new CanonicalWriter(64 + (Zones.Count * 16) + (Links.Count * 64));
        w.U32((uint)Zones.Count);
        foreach (var z in Zones) w.String(z.Name);
        w.I64(LocalFee).I64(CongestionPermille);
        w.U32((uint)Links.Count);
        foreach (var l in Links) w.String(l.From.Name).String(l.To.Name).I64(l.BaseFee).I64(l.ForwardCapacity).I64(l.BackwardCapacity);
        return w.ToArray();
    }

    // Decoding is a pure function of the bytes and a topology is immutable, so the last one decoded serves again when the same
    // bytes come back: every order of a slot decodes its book's grid, and a state that hands out copies defeats a reference check.
    private static volatile DecodedTopology? _last;

    private sealed record DecodedTopology(byte[] Raw, GridTopology Topology);

    /// <summary>Decodes a stored topology; a value that does not decode is a corrupt state, a bug.</summary>
    public static GridTopology Decode(ReadOnlySpan<byte> raw)
    {
        var last = _last;
        if (last is not null && raw.SequenceEqual(last.Raw)) return last.Topology;
        var topology = DecodeFresh(raw);
        _last = new DecodedTopology(raw.ToArray(), topology);
        return topology;
    }

    private static GridTopology DecodeFresh(ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var zoneCount = r.U32("zone count");
        var zones = new List<ZoneId>();
        for (var i = 0; i < zoneCount && r.Ok; i++) zones.Add(new ZoneId(r.String(ZoneNames.MaxBytes, "zone")));
        var localFee = r.I64("local fee");
        var congestion = r.I64("congestion permille");
        var linkCount = r.U32("link count");
        var links = new List<GridLink>();
        for (var i = 0; i < linkCount && r.Ok; i++)
        {
            links.Add(new GridLink(new ZoneId(r.String(ZoneNames.MaxBytes, "from")), new ZoneId(r.String(ZoneNames.MaxBytes, "to")),
                r.I64("fee"), r.I64("forward capacity"), r.I64("backward capacity")));
        }

        r.End("grid topology");
        return r.Ok ? new GridTopology(zones, links, localFee, congestion) : throw new InvalidOperationException($"corrupt grid topology: {r.Error}");
    }
}
