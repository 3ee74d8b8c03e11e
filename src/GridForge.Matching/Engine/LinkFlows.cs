namespace GridForge.Matching;

/// <summary>Net flow per link, the current fee of every directed link, and the links whose room or fee just improved.</summary>
internal sealed class LinkFlows
{
    private readonly long[] baseFee;
    private readonly long[] capacity;
    private readonly long congestionPermille;
    private readonly long[] pairFlow;
    private readonly long[] fee;
    private readonly bool[] dirty;
    private readonly int[] dirtyList;

    public LinkFlows(MarketGrid grid)
    {
        baseFee = grid.LinkBaseFee;
        capacity = grid.LinkCapacity;
        congestionPermille = grid.CongestionPermille;
        pairFlow = new long[grid.DirectedLinkCount / 2];
        fee = new long[grid.DirectedLinkCount];
        dirty = new bool[grid.DirectedLinkCount];
        dirtyList = new int[grid.DirectedLinkCount];
        Reset();
    }

    /// <summary>Directed links whose reverse carried a trade since the last <see cref="ClearDirty"/>.</summary>
    public ReadOnlySpan<int> Dirty => dirtyList.AsSpan(0, DirtyCount);

    public int DirtyCount { get; private set; }

    // Directed link 2p runs the declared way of pair p, 2p + 1 runs back: they share one net flow (rule 5).
    public long Flow(int link) => (link & 1) == 0 ? pairFlow[link >> 1] : -pairFlow[link >> 1];

    public long Room(int link) => capacity[link] - Flow(link);

    public long Capacity(int link) => capacity[link];

    public long BaseFee(int link) => baseFee[link];

    /// <summary>The fee the next kWh along <paramref name="link"/> pays at its current flow.</summary>
    public long Fee(int link) => fee[link];

    /// <summary>Rule 6: base + floor(base × congestion‰ × max(0, flow) / (1000 × capacity)).</summary>
    public long FeeAt(int link, long flow)
    {
        var b = baseFee[link];
        if (flow <= 0 || congestionPermille == 0 || b == 0)
        {
            return b;
        }

        // A capacity lowered below the flow (a DSO's cut on an open book) counts as full: the premium stops at base × congestion‰
        // / 1000, and a capacity of 0 divides nothing. Otherwise flow ≤ capacity and the formula is rule 6's. The product needs
        // 128 bits, the quotient fits.
        var c = capacity[link];
        if (flow >= c) return b + (long)((Int128)b * congestionPermille / 1000);
        return b + (long)((Int128)b * congestionPermille * flow / ((Int128)1000 * c));
    }

    /// <summary>Books <paramref name="quantity"/> Wh along a directed link: its flow rises, its reverse's falls.</summary>
    public void Add(int link, long quantity)
    {
        pairFlow[link >> 1] += (link & 1) == 0 ? quantity : -quantity;
        var reverse = link ^ 1;
        fee[link] = FeeAt(link, Flow(link));
        fee[reverse] = FeeAt(reverse, Flow(reverse));

        // The reverse direction gained room and got cheaper, so resting orders may now cross on it.
        if (!dirty[reverse])
        {
            dirty[reverse] = true;
            dirtyList[DirtyCount++] = reverse;
        }
    }

    /// <summary>Sets the capacity of a directed link (a DSO's change on an open book); its fee follows, and when its room grew it
    /// is marked so that resting orders crossing on it trade.</summary>
    public void SetCapacity(int link, long value)
    {
        var grew = value > capacity[link];
        capacity[link] = value;
        fee[link] = FeeAt(link, Flow(link));
        if (grew && !dirty[link])
        {
            dirty[link] = true;
            dirtyList[DirtyCount++] = link;
        }
    }

    /// <summary>Sets the net flow along <paramref name="link"/> (its reverse gets the negation), as a stored book had it.</summary>
    public void Restore(int link, long flow)
    {
        pairFlow[link >> 1] = (link & 1) == 0 ? flow : -flow;
        fee[link] = FeeAt(link, Flow(link));
        fee[link ^ 1] = FeeAt(link ^ 1, Flow(link ^ 1));
    }

    public void ClearDirty()
    {
        foreach (var link in Dirty)
        {
            dirty[link] = false;
        }

        DirtyCount = 0;
    }

    public void Reset()
    {
        Array.Clear(pairFlow);
        Array.Copy(baseFee, fee, baseFee.Length);
        ClearDirty();
    }
}
