namespace GridForge.Matching;

/// <content>The matching loop: best counterpart across zones, self-trade prevention, capacity and fees (rules 1–7).</content>
public sealed partial class MatchingEngine
{
    // Scratch for the fok dry run, one cursor per route: node, level rank, Wh already taken from the node, Wh added to the link.
    private readonly int[] dryNode;
    private readonly int[] dryRank;
    private readonly long[] dryConsumed;
    private readonly long[] dryFlow;

    /// <summary>Fills the taker against the best crossing counterparts until it is done or nothing crosses with room.</summary>
    private void Match(ref Taker taker)
    {
        ref var order = ref taker.Order;
        var buy = order.Side == Matching.Side.Buy;
        var routes = buy ? grid.InRoutes[order.Zone] : grid.OutRoutes[order.Zone];
        while (order.Remaining > 0)
        {
            var best = SelectBest(in taker, routes, dry: false, out var route, out var fee, out var room);
            if (best < 0)
            {
                return;
            }

            ref var maker = ref store.Nodes[best];

            // Rule 4: the next counterpart is our own order, so it goes (reason self-trade) and matching goes on.
            if (maker.Account == order.Account)
            {
                RemoveResting(best, CancelReason.SelfTrade);
                continue;
            }

            var quantity = Math.Min(Math.Min(order.Remaining, maker.Remaining), room);
            ref var buyer = ref buy ? ref order : ref maker;
            ref var seller = ref buy ? ref maker : ref order;
            events.Add(MatchEvent.Trade(
                new OrderId(buyer.Id), new AccountId(buyer.Account), new ZoneIndex(buyer.Zone),
                new OrderId(seller.Id), new AccountId(seller.Account), new ZoneIndex(seller.Zone),
                maker.Price, fee, quantity, order.Side));
            maker.Remaining -= quantity;
            maker.Filled += quantity;
            order.Remaining -= quantity;
            order.Filled += quantity;
            var link = routes[route].Link;
            if (link >= 0)
            {
                links.Add(link, quantity);
            }

            if (maker.Remaining == 0)
            {
                RemoveFilled(best);
            }
        }
    }

    /// <summary>Rule 7: whether a fok taker would fill completely, passing over (not cancelling) its own orders; changes nothing.</summary>
    private bool DryRunFills(in Taker taker)
    {
        var buy = taker.Order.Side == Matching.Side.Buy;
        var routes = buy ? grid.InRoutes[taker.Order.Zone] : grid.OutRoutes[taker.Order.Zone];
        var counter = buy ? asks : bids;
        for (var i = 0; i < routes.Length; i++)
        {
            dryNode[i] = counter[routes[i].Zone].BestNode;
            dryRank[i] = 0;
            dryConsumed[i] = 0;
            dryFlow[i] = 0;
        }

        var remaining = taker.Order.Remaining;
        while (remaining > 0)
        {
            var best = SelectBest(in taker, routes, dry: true, out var route, out _, out var room);
            if (best < 0)
            {
                return false;
            }

            var quantity = Math.Min(Math.Min(remaining, store.Nodes[best].Remaining - dryConsumed[route]), room);
            dryConsumed[route] += quantity;
            if (routes[route].Link >= 0)
            {
                dryFlow[route] += quantity;
            }

            remaining -= quantity;
        }

        return true;
    }

    /// <summary>
    /// Rules 1, 2, 5, 6: the best crossing counterpart over all routes — lowest price + fee for a buy, highest
    /// price − fee for a sell, then earliest arrival — skipping routes whose link has no room.
    /// </summary>
    /// <returns>The counterpart's node, or -1 when nothing crosses.</returns>
    private int SelectBest(in Taker taker, Route[] routes, bool dry, out int bestRoute, out long bestFee, out long bestRoom)
    {
        var buy = taker.Order.Side == Matching.Side.Buy;
        var counter = buy ? asks : bids;
        var limitKey = buy ? taker.Order.Price : -taker.Order.Price;
        var nodes = store.Nodes;
        var best = -1;
        long bestKey = 0, bestArrival = 0;
        bestRoute = -1;
        bestFee = 0;
        bestRoom = 0;
        for (var i = 0; i < routes.Length; i++)
        {
            var route = routes[i];
            long fee, room;
            if (route.Link < 0)
            {
                fee = grid.LocalFee;
                room = long.MaxValue;
            }
            else
            {
                var flow = dry ? links.Flow(route.Link) + dryFlow[i] : links.Flow(route.Link);
                room = links.Capacity(route.Link) - flow;
                if (room <= 0)
                {
                    continue;
                }

                fee = dry ? links.FeeAt(route.Link, flow) : links.Fee(route.Link);
            }

            var node = dry ? DryPeek(i, counter[route.Zone], taker.Order.Account) : counter[route.Zone].BestNode;
            if (node < 0)
            {
                continue;
            }

            ref var order = ref nodes[node];

            // Both sides minimise one key: price + fee for a buy taker, fee − price for a sell taker.
            var key = buy ? order.Price + fee : fee - order.Price;
            if (!taker.Market && key > limitKey)
            {
                continue;
            }

            if (best < 0 || key < bestKey || (key == bestKey && order.Arrival < bestArrival))
            {
                best = node;
                bestKey = key;
                bestArrival = order.Arrival;
                bestRoute = i;
                bestFee = fee;
                bestRoom = room;
            }
        }

        return best;
    }

    /// <summary>The dry-run cursor of route <paramref name="i"/>: the next order not yet used up and not the taker's own.</summary>
    private int DryPeek(int i, BookSide side, long account)
    {
        var nodes = store.Nodes;
        var node = dryNode[i];
        while (node >= 0 && (nodes[node].Account == account || dryConsumed[i] == nodes[node].Remaining))
        {
            dryConsumed[i] = 0;
            node = nodes[node].Next;
            if (node < 0 && ++dryRank[i] < side.LevelCount)
            {
                node = store.Levels[side.LevelAt(dryRank[i])].Head;
            }
        }

        dryNode[i] = node;
        return node;
    }
}
