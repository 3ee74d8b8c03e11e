namespace GridForge.Matching.Tests.Model;

/// <summary>
/// The deliberately naive reference: one flat list of resting orders, linear scans, every rule written out as
/// the DESIGN sentence says it, fees recomputed from the formula each time, a fok dry run on a full copy.
/// </summary>
public sealed class ReferenceBook : IMatchingModel
{
    private readonly GridSpec grid;
    private List<RefOrder> resting = [];
    private Dictionary<long, OrderState> finished = [];
    private long[] flows; // net flow From→To of each declared link
    private List<MatchEvent> events = [];
    private long arrivals;
    private bool closed;

    public ReferenceBook(GridSpec grid)
    {
        this.grid = grid;
        flows = new long[grid.Links.Count];
    }

    public IReadOnlyList<MatchEvent> Submit(OrderRequest order)
    {
        events = [];
        var code = closed ? RejectCode.GateClosed
            : finished.ContainsKey(order.Id.Value) || resting.Any(o => o.Id == order.Id.Value) ? RejectCode.DuplicateId
            : order.Quantity <= 0 || order.Quantity > MatchingEngine.MaxQuantity ? RejectCode.InvalidQuantity
            : order.Price < -grid.PriceLimit || order.Price > grid.PriceLimit ? RejectCode.PriceOutOfRange
            : order.Zone.Index < 0 || order.Zone.Index >= grid.Zones.Count ? RejectCode.UnknownZone
            : RejectCode.None;
        if (code != RejectCode.None)
        {
            return Reject(order.Id, code);
        }

        var taker = new RefOrder
        {
            Id = order.Id.Value,
            Account = order.Account.Value,
            Side = order.Side,
            Zone = order.Zone.Index,
            Price = order.Price,
            Remaining = order.Quantity,
            Market = order.Kind == OrderKind.Market,
        };
        if (order.Kind == OrderKind.LimitFok)
        {
            var copy = Clone();
            var dryTaker = taker.Copy();
            copy.Match(dryTaker, passOverOwn: true);
            if (dryTaker.Remaining > 0)
            {
                return Reject(order.Id, RejectCode.FokNotFilled);
            }
        }

        taker.Arrival = ++arrivals;
        Enter(taker, rest: order.Kind == OrderKind.LimitGtc);
        ReCross();
        return events;
    }

    public IReadOnlyList<MatchEvent> Amend(OrderId id, long? price, long? quantity)
    {
        events = [];
        var order = resting.FirstOrDefault(o => o.Id == id.Value);
        var code = order is null ? RejectCode.NotResting
            : quantity is { } q && (q <= 0 || q + order!.Filled > MatchingEngine.MaxQuantity) ? RejectCode.InvalidQuantity
            : price is { } p && (p < -grid.PriceLimit || p > grid.PriceLimit) ? RejectCode.PriceOutOfRange
            : RejectCode.None;
        if (code != RejectCode.None)
        {
            return Reject(id, code);
        }

        var newPrice = price ?? order!.Price;
        var newQuantity = quantity ?? order!.Remaining;
        if (newPrice == order!.Price && newQuantity <= order.Remaining)
        {
            order.Remaining = newQuantity;
            return events;
        }

        resting.Remove(order);
        order.Price = newPrice;
        order.Remaining = newQuantity;
        order.Arrival = ++arrivals;
        Enter(order, rest: true);
        ReCross();
        return events;
    }

    public IReadOnlyList<MatchEvent> Cancel(OrderId id)
    {
        events = [];
        var order = resting.FirstOrDefault(o => o.Id == id.Value);
        if (order is null)
        {
            return Reject(id, RejectCode.NotResting);
        }

        CancelResting(order, CancelReason.User);
        return events;
    }

    public IReadOnlyList<MatchEvent> CloseGate()
    {
        events = [];
        foreach (var order in PriorityOrder(resting).ToList())
        {
            CancelResting(order, CancelReason.Expired);
        }

        closed = true;
        return events;
    }

    public OrderState GetOrder(OrderId id)
    {
        var order = resting.FirstOrDefault(o => o.Id == id.Value);
        return order is not null
            ? new OrderState(OrderStatus.Resting, order.Filled, order.Remaining, order.Price, CancelReason.None)
            : finished.GetValueOrDefault(id.Value);
    }

    public BookSnapshot Snapshot()
    {
        var links = new List<LinkState>();
        for (var i = 0; i < grid.Links.Count; i++)
        {
            var l = grid.Links[i];
            links.Add(LinkStateOf(l.From, l.To));
            links.Add(LinkStateOf(l.To, l.From));
        }

        return new BookSnapshot(PriorityOrder(resting).Select(o => o.ToResting()).ToList(), links);
    }

    /// <summary>Zone by zone; bids (high to low) then asks (low to high); ties by arrival.</summary>
    private static IEnumerable<RefOrder> PriorityOrder(IEnumerable<RefOrder> orders) => orders
        .OrderBy(o => o.Zone)
        .ThenBy(o => o.Side)
        .ThenBy(o => o.Side == Side.Buy ? -o.Price : o.Price)
        .ThenBy(o => o.Arrival);

    private ReferenceBook Clone() => new(grid)
    {
        resting = resting.Select(o => o.Copy()).ToList(),
        finished = new Dictionary<long, OrderState>(finished),
        flows = (long[])flows.Clone(),
        arrivals = arrivals,
    };

    private List<MatchEvent> Reject(OrderId id, RejectCode code)
    {
        events.Add(MatchEvent.Rejected(id, code));
        return events;
    }

    private void Enter(RefOrder taker, bool rest)
    {
        Match(taker, passOverOwn: false);
        if (taker.Remaining == 0)
        {
            finished[taker.Id] = new OrderState(OrderStatus.Filled, taker.Filled, 0, 0, CancelReason.None);
        }
        else if (rest)
        {
            resting.Add(taker);
        }
        else
        {
            events.Add(MatchEvent.Cancelled(
                new OrderId(taker.Id), new AccountId(taker.Account), new ZoneIndex(taker.Zone), taker.Side, taker.Price, taker.Remaining, CancelReason.Ioc));
            finished[taker.Id] = new OrderState(OrderStatus.Cancelled, taker.Filled, 0, 0, CancelReason.Ioc);
        }
    }

    private void CancelResting(RefOrder order, CancelReason reason)
    {
        events.Add(MatchEvent.Cancelled(
            new OrderId(order.Id), new AccountId(order.Account), new ZoneIndex(order.Zone), order.Side, order.Price, order.Remaining, reason));
        resting.Remove(order);
        finished[order.Id] = new OrderState(OrderStatus.Cancelled, order.Filled, 0, 0, reason);
    }

    /// <summary>Rules 1–6, one fill at a time: look at every resting order, keep those that cross with room, take the best.</summary>
    private void Match(RefOrder taker, bool passOverOwn)
    {
        while (taker.Remaining > 0)
        {
            RefOrder? best = null;
            long bestKey = 0, bestFee = 0, bestRoom = 0;
            foreach (var other in resting)
            {
                if (other.Side == taker.Side || (passOverOwn && other.Account == taker.Account))
                {
                    continue;
                }

                var (sellZone, buyZone) = taker.Side == Side.Buy ? (other.Zone, taker.Zone) : (taker.Zone, other.Zone);
                if (!TryRoute(sellZone, buyZone, out var fee, out var room) || room <= 0)
                {
                    continue;
                }

                var crosses = taker.Market || (taker.Side == Side.Buy
                    ? other.Price + fee <= taker.Price
                    : other.Price - fee >= taker.Price);
                if (!crosses)
                {
                    continue;
                }

                // Lower is better: price + fee for a buyer, −(price − fee) for a seller; then earlier arrival.
                var key = taker.Side == Side.Buy ? other.Price + fee : -(other.Price - fee);
                if (best is null || key < bestKey || (key == bestKey && other.Arrival < best.Arrival))
                {
                    (best, bestKey, bestFee, bestRoom) = (other, key, fee, room);
                }
            }

            if (best is null)
            {
                return;
            }

            if (best.Account == taker.Account)
            {
                CancelResting(best, CancelReason.SelfTrade);
                continue;
            }

            var quantity = Math.Min(Math.Min(taker.Remaining, best.Remaining), bestRoom);
            var (buy, sell) = taker.Side == Side.Buy ? (taker, best) : (best, taker);
            events.Add(MatchEvent.Trade(
                new OrderId(buy.Id), new AccountId(buy.Account), new ZoneIndex(buy.Zone),
                new OrderId(sell.Id), new AccountId(sell.Account), new ZoneIndex(sell.Zone),
                best.Price, bestFee, quantity, taker.Side));
            taker.Remaining -= quantity;
            taker.Filled += quantity;
            best.Remaining -= quantity;
            best.Filled += quantity;
            AddFlow(sell.Zone, buy.Zone, quantity);
            if (best.Remaining == 0)
            {
                resting.Remove(best);
                finished[best.Id] = new OrderState(OrderStatus.Filled, best.Filled, 0, 0, CancelReason.None);
            }
        }
    }

    /// <summary>While any two resting orders cross with room, the latest-arriving of all crossing orders takes in place.</summary>
    private void ReCross()
    {
        while (true)
        {
            var crossing = new List<RefOrder>();
            foreach (var sell in resting.Where(o => o.Side == Side.Sell))
            {
                foreach (var buy in resting.Where(o => o.Side == Side.Buy))
                {
                    if (TryRoute(sell.Zone, buy.Zone, out var fee, out var room) && room > 0 && sell.Price + fee <= buy.Price)
                    {
                        crossing.Add(sell);
                        crossing.Add(buy);
                    }
                }
            }

            if (crossing.Count == 0)
            {
                return;
            }

            var taker = crossing.MaxBy(o => o.Arrival)!;
            Match(taker, passOverOwn: false);
            if (taker.Remaining == 0)
            {
                resting.Remove(taker);
                finished[taker.Id] = new OrderState(OrderStatus.Filled, taker.Filled, 0, 0, CancelReason.None);
            }
        }
    }

    /// <summary>The fee and room from the seller's zone to the buyer's; false when no link joins them.</summary>
    private bool TryRoute(int sellZone, int buyZone, out long fee, out long room)
    {
        if (sellZone == buyZone)
        {
            (fee, room) = (grid.LocalFee, long.MaxValue);
            return true;
        }

        var state = LinkStateOf(sellZone, buyZone);
        (fee, room) = (state.Fee, state.Room);
        return state.Capacity >= 0;
    }

    private LinkState LinkStateOf(int from, int to)
    {
        for (var i = 0; i < grid.Links.Count; i++)
        {
            var l = grid.Links[i];
            if ((l.From, l.To) == (from, to) || (l.To, l.From) == (from, to))
            {
                var forward = l.From == from;
                var flow = forward ? flows[i] : -flows[i];
                var capacity = forward ? l.CapacityForward : l.CapacityBackward;
                var fee = l.Fee + (flow > 0 ? l.Fee * grid.CongestionPermille * flow / (1000 * capacity) : 0);
                return new LinkState(new ZoneIndex(from), new ZoneIndex(to), l.Fee, capacity, flow, capacity - flow, fee);
            }
        }

        return new LinkState(new ZoneIndex(from), new ZoneIndex(to), 0, -1, 0, 0, 0);
    }

    private void AddFlow(int from, int to, long quantity)
    {
        for (var i = 0; i < grid.Links.Count; i++)
        {
            var l = grid.Links[i];
            if ((l.From, l.To) == (from, to))
            {
                flows[i] += quantity;
            }
            else if ((l.To, l.From) == (from, to))
            {
                flows[i] -= quantity;
            }
        }
    }
}
