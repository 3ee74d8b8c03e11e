namespace GridForge.Matching;

/// <summary>The continuous double auction of one delivery slot across grid zones (DESIGN §6 Market rules 1–9).</summary>
/// <remarks>
/// Deterministic and not thread-safe (one engine per slot, one caller at a time): no clock, no randomness, no
/// hash-order iteration. Every command clears
/// <see cref="Events"/> and writes its outcomes there in the order they happened; the span stays valid until the
/// next command. In steady state (capacities not outgrown) no command allocates.
/// </remarks>
public sealed partial class MatchingEngine
{
    /// <summary>The most Wh one order may ever hold, filled plus remaining (1 PWh), so no quantity sum can overflow.</summary>
    public const long MaxQuantity = 1_000_000_000_000_000;

    private readonly MarketGrid grid;
    private readonly OrderStore store;
    private readonly BookSide[] bids;
    private readonly BookSide[] asks;
    private readonly OrderTable table;
    private readonly EventBuffer events;
    private readonly LinkFlows links;
    private long arrivals;

    /// <summary>Creates an empty book for one slot on <paramref name="grid"/>.</summary>
    public MatchingEngine(MarketGrid grid, MatchingEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        options ??= new MatchingEngineOptions();
        this.grid = grid;
        store = new OrderStore(options.ExpectedResting, options.ExpectedLevels * 2 * grid.ZoneCount);
        bids = new BookSide[grid.ZoneCount];
        asks = new BookSide[grid.ZoneCount];
        for (var z = 0; z < grid.ZoneCount; z++)
        {
            bids[z] = new BookSide(store, bids: true, options.ExpectedLevels);
            asks[z] = new BookSide(store, bids: false, options.ExpectedLevels);
        }

        table = new OrderTable(options.ExpectedOrders);
        events = new EventBuffer(options.ExpectedEventsPerCommand);
        links = new LinkFlows(grid);
        dryNode = new int[grid.MaxRoutes];
        dryRank = new int[grid.MaxRoutes];
        dryConsumed = new long[grid.MaxRoutes];
        dryFlow = new long[grid.MaxRoutes];
    }

    /// <summary>The grid this book matches on.</summary>
    public MarketGrid Grid => grid;

    /// <summary>The outcomes of the last command, in order; valid until the next command.</summary>
    public ReadOnlySpan<MatchEvent> Events => events.Items;

    /// <summary>Whether <see cref="CloseGate"/> has run; a closed book rejects new orders.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Number of orders resting in the book.</summary>
    public int RestingCount => store.LiveNodes;

    /// <summary>Number of orders accepted in this slot so far.</summary>
    public int AcceptedCount => table.Count;

    /// <summary>Submits an order: validates it (rule 9), matches it (rules 1–7) and rests or cancels its remainder.</summary>
    /// <returns><see cref="RejectCode.None"/> when accepted; otherwise why nothing changed.</returns>
    public RejectCode Submit(in OrderRequest order) => Accept(in order, filled: 0);

    /// <summary>Validates, matches and rests or cancels an order of which <paramref name="filled"/> Wh already traded.</summary>
    private RejectCode Accept(in OrderRequest order, long filled)
    {
        events.Clear();
        if ((byte)order.Side > (byte)Matching.Side.Sell || (byte)order.Kind > (byte)OrderKind.Market)
        {
            throw new ArgumentOutOfRangeException(nameof(order), "Side or Kind is not a defined value.");
        }

        var slot = -1;
        var code = RejectCode.None;
        if (IsClosed)
        {
            code = RejectCode.GateClosed;
        }
        else
        {
            table.EnsureRoomForOne();
            slot = table.Probe(order.Id.Value);
            code = table[slot].Status != OrderStatus.Unknown ? RejectCode.DuplicateId
                : order.Quantity is <= 0 or > MaxQuantity ? RejectCode.InvalidQuantity
                : !WithinLimit(order.Price) ? RejectCode.PriceOutOfRange
                : !grid.Contains(order.Zone) ? RejectCode.UnknownZone
                : RejectCode.None;
        }

        if (code != RejectCode.None)
        {
            return Reject(order.Id, code);
        }

        var taker = new Taker
        {
            Order = new OrderNode
            {
                Id = order.Id.Value,
                Account = order.Account.Value,
                Side = order.Side,
                Zone = order.Zone.Index,
                Price = order.Price,
                Remaining = order.Quantity,
                Filled = filled,
            },
            Market = order.Kind == OrderKind.Market,
            Node = -1,
        };

        // Rule 7: a fok order is matched dry first and leaves no trace (not even its id) when it cannot fill.
        if (order.Kind == OrderKind.LimitFok && !DryRunFills(in taker))
        {
            return Reject(order.Id, RejectCode.FokNotFilled);
        }

        table.Claim(slot, order.Id.Value);
        taker.Order.Arrival = ++arrivals;
        Enter(ref taker, slot, rest: order.Kind == OrderKind.LimitGtc);
        Settle();
        return RejectCode.None;
    }

    /// <summary>Amends a resting order (rule 8): a lower quantity at the same price keeps its place; any other change re-enters it.</summary>
    /// <param name="id">The resting order.</param>
    /// <param name="price">The new price, or null to keep it.</param>
    /// <param name="quantity">The new remaining quantity in Wh, or null to keep it.</param>
    public RejectCode Amend(OrderId id, long? price, long? quantity)
    {
        events.Clear();
        var slot = table.Find(id.Value);
        var code = slot < 0 || table[slot].Status != OrderStatus.Resting ? RejectCode.NotResting
            : quantity is { } q && (q <= 0 || q > MaxQuantity - store.Nodes[table[slot].Node].Filled) ? RejectCode.InvalidQuantity
            : price is { } p && !WithinLimit(p) ? RejectCode.PriceOutOfRange
            : RejectCode.None;
        if (code != RejectCode.None)
        {
            return Reject(id, code);
        }

        var node = table[slot].Node;
        ref var order = ref store.Nodes[node];
        var newPrice = price ?? order.Price;
        var newQuantity = quantity ?? order.Remaining;
        if (newPrice == order.Price && newQuantity <= order.Remaining)
        {
            order.Remaining = newQuantity;
            return RejectCode.None;
        }

        var taker = new Taker { Order = order, Node = -1 };
        (taker.Order.Price, taker.Order.Remaining, taker.Order.Arrival) = (newPrice, newQuantity, ++arrivals);
        Side(order.Side, order.Zone).Remove(node);
        store.FreeNode(node);
        table[slot].Node = -1;
        Enter(ref taker, slot, rest: true);
        Settle();
        return RejectCode.None;
    }

    /// <summary>Cancels a resting order at its owner's request (event reason <c>user</c>).</summary>
    public RejectCode Cancel(OrderId id)
    {
        events.Clear();
        var slot = table.Find(id.Value);
        if (slot < 0 || table[slot].Status != OrderStatus.Resting)
        {
            return Reject(id, RejectCode.NotResting);
        }

        RemoveResting(table[slot].Node, CancelReason.User);
        return RejectCode.None;
    }

    /// <summary>Gate closure: expires every resting order (reason <c>expired</c>, zone by zone, bids then asks, in priority order) and closes the
    /// book.</summary>
    /// <returns>How many orders expired; their events (with remaining quantity and price for escrow release) are in <see cref="Events"/>.</returns>
    public int CloseGate()
    {
        events.Clear();
        var expired = 0;
        for (var z = 0; z < grid.ZoneCount; z++)
        {
            foreach (var side in (ReadOnlySpan<BookSide>)[bids[z], asks[z]])
            {
                for (var node = side.BestNode; node >= 0; node = side.BestNode)
                {
                    RemoveResting(node, CancelReason.Expired);
                    expired++;
                }
            }
        }

        IsClosed = true;
        return expired;
    }

    /// <summary>Empties the engine for reuse on a new slot of the same grid, keeping its allocated capacity.</summary>
    public void Reset()
    {
        events.Clear();
        store.Clear();
        foreach (var side in bids)
        {
            side.Clear();
        }

        foreach (var side in asks)
        {
            side.Clear();
        }

        table.Clear();
        links.Reset();
        arrivals = 0;
        IsClosed = false;
    }

    private bool WithinLimit(long price) => price >= -grid.PriceLimit && price <= grid.PriceLimit;

    private BookSide Side(Side side, int zone) => side == Matching.Side.Buy ? bids[zone] : asks[zone];

    private RejectCode Reject(OrderId id, RejectCode code)
    {
        events.Add(MatchEvent.Rejected(id, code));
        return code;
    }

    /// <summary>Matches an accepted taker, then rests its remainder (gtc) or cancels it (ioc, market).</summary>
    private void Enter(ref Taker taker, int slot, bool rest)
    {
        Match(ref taker);
        ref var order = ref taker.Order;
        ref var record = ref table[slot];
        record.Filled = order.Filled;
        if (order.Remaining == 0)
        {
            record.Status = OrderStatus.Filled;
            record.Node = -1;
        }
        else if (rest)
        {
            var node = store.AllocNode();
            store.Nodes[node] = order;
            Side(order.Side, order.Zone).Append(node);
            record.Status = OrderStatus.Resting;
            record.Node = node;
        }
        else
        {
            events.Add(MatchEvent.Cancelled(
                new OrderId(order.Id), new AccountId(order.Account), new ZoneIndex(order.Zone), order.Side,
                order.Price, order.Remaining, CancelReason.Ioc));
            record.Status = OrderStatus.Cancelled;
            record.Reason = CancelReason.Ioc;
            record.Node = -1;
        }
    }

    /// <summary>Takes a resting order out of the book for <paramref name="reason"/> and reports it.</summary>
    private void RemoveResting(int node, CancelReason reason)
    {
        ref var order = ref store.Nodes[node];
        events.Add(MatchEvent.Cancelled(
            new OrderId(order.Id), new AccountId(order.Account), new ZoneIndex(order.Zone), order.Side,
            order.Price, order.Remaining, reason));
        ref var record = ref table[table.Find(order.Id)];
        record.Status = OrderStatus.Cancelled;
        record.Reason = reason;
        record.Filled = order.Filled;
        record.Node = -1;
        Side(order.Side, order.Zone).Remove(node);
        store.FreeNode(node);
    }

    /// <summary>Takes a resting order that has just filled completely out of the book.</summary>
    private void RemoveFilled(int node)
    {
        ref var order = ref store.Nodes[node];
        ref var record = ref table[table.Find(order.Id)];
        record.Status = OrderStatus.Filled;
        record.Filled = order.Filled;
        record.Node = -1;
        Side(order.Side, order.Zone).Remove(node);
        store.FreeNode(node);
    }
}
