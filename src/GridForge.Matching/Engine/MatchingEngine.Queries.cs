namespace GridForge.Matching;

/// <content>Read-only queries for the API and dashboard: best prices, depth, resting orders, order state, link flows.</content>
public sealed partial class MatchingEngine
{
    /// <summary>The state of an order: resting with its remainder, filled, cancelled with its reason, or unknown.</summary>
    public OrderState GetOrder(OrderId id)
    {
        var slot = table.Find(id.Value);
        if (slot < 0)
        {
            return OrderState.Unknown;
        }

        ref var record = ref table[slot];
        if (record.Status != OrderStatus.Resting)
        {
            return new OrderState(record.Status, record.Filled, 0, 0, record.Reason);
        }

        ref var order = ref store.Nodes[record.Node];
        return new OrderState(OrderStatus.Resting, order.Filled, order.Remaining, order.Price, CancelReason.None);
    }

    /// <summary>The highest bid price in a zone, or null when there is none.</summary>
    public long? BestBid(ZoneIndex zone) => BestPrice(bids[CheckZone(zone)]);

    /// <summary>The lowest ask price in a zone, or null when there is none.</summary>
    public long? BestAsk(ZoneIndex zone) => BestPrice(asks[CheckZone(zone)]);

    /// <summary>Writes the L2 depth of one side of a zone, best level first, into <paramref name="destination"/>.</summary>
    /// <returns>How many levels were written (at most the destination's length).</returns>
    public int GetDepth(ZoneIndex zone, Side side, Span<DepthLevel> destination)
    {
        var book = Side(side, CheckZone(zone));
        var written = Math.Min(book.LevelCount, destination.Length);
        for (var rank = 0; rank < written; rank++)
        {
            ref var level = ref store.Levels[book.LevelAt(rank)];
            var quantity = 0L;
            for (var node = level.Head; node >= 0; node = store.Nodes[node].Next)
            {
                quantity = store.Nodes[node].Remaining > long.MaxValue - quantity ? long.MaxValue : quantity + store.Nodes[node].Remaining;
            }

            destination[rank] = new DepthLevel(level.Price, quantity, level.Count);
        }

        return written;
    }

    /// <summary>The L2 depth of one side of a zone, best level first, up to <paramref name="maxLevels"/> levels.</summary>
    public IReadOnlyList<DepthLevel> GetDepth(ZoneIndex zone, Side side, int maxLevels)
    {
        var buffer = new DepthLevel[Math.Min(Math.Max(maxLevels, 0), Side(side, CheckZone(zone)).LevelCount)];
        GetDepth(zone, side, buffer);
        return buffer;
    }

    /// <summary>The resting orders of one side of a zone in priority order (best price first, then arrival).</summary>
    public IReadOnlyList<RestingOrder> GetRestingOrders(ZoneIndex zone, Side side)
    {
        var book = Side(side, CheckZone(zone));
        var result = new List<RestingOrder>();
        for (var rank = 0; rank < book.LevelCount; rank++)
        {
            for (var node = store.Levels[book.LevelAt(rank)].Head; node >= 0; node = store.Nodes[node].Next)
            {
                ref var o = ref store.Nodes[node];
                result.Add(new RestingOrder(
                    new OrderId(o.Id), new AccountId(o.Account), o.Side, new ZoneIndex(o.Zone), o.Price, o.Remaining, o.Filled, o.Arrival));
            }
        }

        return result;
    }

    /// <summary>The current state of the directed link <paramref name="from"/>→<paramref name="to"/>, or false when no link joins them.</summary>
    public bool TryGetLink(ZoneIndex from, ZoneIndex to, out LinkState state)
    {
        var link = from == to ? -1 : grid.DirectedLink(CheckZone(from), CheckZone(to));
        state = link < 0 ? default : LinkStateOf(link);
        return link >= 0;
    }

    /// <summary>Every directed link with its flow, room and fee, in grid declaration order (each link, then its reverse).</summary>
    public IReadOnlyList<LinkState> GetLinks()
    {
        var result = new LinkState[grid.DirectedLinkCount];
        for (var link = 0; link < result.Length; link++)
        {
            result[link] = LinkStateOf(link);
        }

        return result;
    }

    /// <summary>The net flow on directed link <paramref name="link"/> (numbered as in <see cref="GetLinks"/>), without building every
    /// link's state.</summary>
    public long Flow(int link) => link >= 0 && link < grid.DirectedLinkCount
        ? links.Flow(link)
        : throw new ArgumentOutOfRangeException(nameof(link), $"the grid has {grid.DirectedLinkCount} directed links");

    private LinkState LinkStateOf(int link) => new(
        new ZoneIndex(grid.LinkFrom[link]), new ZoneIndex(grid.LinkTo[link]), links.BaseFee(link), links.Capacity(link),
        links.Flow(link), links.Room(link), links.Fee(link));

    private long? BestPrice(BookSide side) => side.LevelCount == 0 ? null : store.Levels[side.LevelAt(0)].Price;

    private int CheckZone(ZoneIndex zone) =>
        grid.Contains(zone) ? zone.Index : throw new ArgumentOutOfRangeException(nameof(zone), zone, "The zone is not part of the grid.");
}
