using System.Diagnostics.CodeAnalysis;

namespace GridForge.Matching;

/// <summary>Collects zones, links and parameters and validates them into a <see cref="MarketGrid"/>.</summary>
public sealed class GridBuilder
{
    private readonly List<string> zones = [];
    private readonly List<(string From, string To, long Fee, long Forward, long Backward)> links = [];

    /// <summary>Fee per kWh within a zone, in µWATT (default 0).</summary>
    public long LocalFee { get; set; }

    /// <summary>Congestion factor in permille (default 0: fees do not rise with flow).</summary>
    public long CongestionPermille { get; set; }

    /// <summary>The largest absolute price, in µWATT per kWh (default 9,999,990).</summary>
    public long PriceLimit { get; set; } = MarketGrid.DefaultPriceLimit;

    /// <summary>Adds a zone; its <see cref="ZoneIndex"/> is its position in the order of addition.</summary>
    public GridBuilder AddZone(string name)
    {
        zones.Add(name);
        return this;
    }

    /// <summary>Adds a link usable both ways with the same base fee and capacity in each direction.</summary>
    public GridBuilder AddLink(string from, string to, long fee, long capacity) => AddLink(from, to, fee, capacity, capacity);

    /// <summary>Adds a link usable both ways with one base fee and a capacity per direction.</summary>
    public GridBuilder AddLink(string from, string to, long fee, long capacityForward, long capacityBackward)
    {
        links.Add((from, to, fee, capacityForward, capacityBackward));
        return this;
    }

    /// <summary>Builds the grid, or throws <see cref="InvalidOperationException"/> with the validation error.</summary>
    public MarketGrid Build() =>
        TryBuild(out var grid, out var error) ? grid : throw new InvalidOperationException(error);

    /// <summary>Validates and builds the grid; on failure returns false with a sentence naming the problem.</summary>
    public bool TryBuild([NotNullWhen(true)] out MarketGrid? grid, [NotNullWhen(false)] out string? error)
    {
        grid = null;
        error = Validate();
        if (error is not null)
        {
            return false;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < zones.Count; i++)
        {
            index.Add(zones[i], i);
        }

        var count = links.Count * 2;
        var from = new int[count];
        var to = new int[count];
        var fee = new long[count];
        var capacity = new long[count];
        for (var p = 0; p < links.Count; p++)
        {
            var link = links[p];
            int a = index[link.From], b = index[link.To];
            (from[2 * p], to[2 * p], fee[2 * p], capacity[2 * p]) = (a, b, link.Fee, link.Forward);
            (from[(2 * p) + 1], to[(2 * p) + 1], fee[(2 * p) + 1], capacity[(2 * p) + 1]) = (b, a, link.Fee, link.Backward);
        }

        grid = new MarketGrid([.. zones], LocalFee, CongestionPermille, PriceLimit, from, to, fee, capacity);
        return true;
    }

    private string? Validate()
    {
        if (zones.Count == 0)
        {
            return "The grid needs at least one zone.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zone in zones)
        {
            if (string.IsNullOrEmpty(zone))
            {
                return "A zone name must not be empty.";
            }

            if (!seen.Add(zone))
            {
                return $"Zone '{zone}' is declared twice.";
            }
        }

        if (LocalFee is < 0 or > MarketGrid.MaxFee)
        {
            return $"local_fee must be between 0 and {MarketGrid.MaxFee}.";
        }

        if (CongestionPermille is < 0 or > MarketGrid.MaxCongestionPermille)
        {
            return $"congestion_permille must be between 0 and {MarketGrid.MaxCongestionPermille}.";
        }

        if (PriceLimit is < 1 or > MarketGrid.MaxPriceLimit)
        {
            return $"price_limit must be between 1 and {MarketGrid.MaxPriceLimit}.";
        }

        var pairs = new HashSet<(string, string)>();
        foreach (var (from, to, fee, forward, backward) in links)
        {
            var name = $"{from}->{to}";
            if (!seen.Contains(from) || !seen.Contains(to))
            {
                return $"Link {name} names an unknown zone.";
            }

            if (from == to)
            {
                return $"Link {name} joins a zone to itself; trades within a zone pay the local fee.";
            }

            var key = string.CompareOrdinal(from, to) < 0 ? (from, to) : (to, from);
            if (!pairs.Add(key))
            {
                return $"Link {name} is declared twice (a link is usable both ways).";
            }

            if (fee is < 0 or > MarketGrid.MaxFee)
            {
                return $"Link {name}: fee must be between 0 and {MarketGrid.MaxFee}.";
            }

            if (forward is < 0 or > MarketGrid.MaxCapacity || backward is < 0 or > MarketGrid.MaxCapacity)
            {
                return $"Link {name}: capacity must be between 0 and {MarketGrid.MaxCapacity}.";
            }
        }

        return null;
    }
}
