namespace GridForge.Matching;

/// <content>Re-crossing after counter-flows: keeps the book uncrossed when a trade frees room on a link's reverse.</content>
public sealed partial class MatchingEngine
{
    /// <summary>
    /// A trade along S→B lowers the flow on B→S, which gains room (rule 5) and may get cheaper (rule 6), so two
    /// resting orders may now cross on B→S. While any do, the latest-arriving of all crossing orders acts as the
    /// taker in its place (it keeps its queue position), exactly as if it had just arrived: it trades at the older
    /// orders' prices, and self-trade prevention cancels its own older orders.
    /// </summary>
    private void Settle()
    {
        while (links.DirtyCount > 0)
        {
            var node = FindLatestCrossing();
            if (node < 0)
            {
                links.ClearDirty();
                return;
            }

            var taker = new Taker { Order = store.Nodes[node], Node = node };
            Match(ref taker);
            ref var after = ref store.Nodes[node];
            (after.Remaining, after.Filled) = (taker.Order.Remaining, taker.Order.Filled);
            if (after.Remaining == 0)
            {
                RemoveFilled(node);
            }
        }
    }

    /// <summary>The resting order with the latest arrival among all orders that cross a counterpart on a dirty link with room, or -1.</summary>
    private int FindLatestCrossing()
    {
        var best = -1;
        var bestArrival = long.MinValue;
        foreach (var link in links.Dirty)
        {
            if (links.Room(link) <= 0)
            {
                continue;
            }

            var sells = asks[grid.LinkFrom[link]];
            var buys = bids[grid.LinkTo[link]];
            if (sells.LevelCount == 0 || buys.LevelCount == 0)
            {
                continue;
            }

            var fee = links.Fee(link);
            var minAsk = store.Levels[sells.LevelAt(0)].Price;
            var maxBid = store.Levels[buys.LevelAt(0)].Price;
            if (minAsk + fee > maxBid)
            {
                continue;
            }

            // An ask crosses some bid iff it crosses the best bid; a bid crosses some ask iff it crosses the best ask.
            LatestIn(sells, lastPrice: maxBid - fee, asks: true, ref best, ref bestArrival);
            LatestIn(buys, lastPrice: minAsk + fee, asks: false, ref best, ref bestArrival);
        }

        return best;
    }

    /// <summary>Scans the levels of <paramref name="side"/> from the best while they are no worse than <paramref name="lastPrice"/>.</summary>
    private void LatestIn(BookSide side, long lastPrice, bool asks, ref int best, ref long bestArrival)
    {
        var nodes = store.Nodes;
        for (var rank = 0; rank < side.LevelCount; rank++)
        {
            ref var level = ref store.Levels[side.LevelAt(rank)];
            if (asks ? level.Price > lastPrice : level.Price < lastPrice)
            {
                return;
            }

            for (var node = level.Head; node >= 0; node = nodes[node].Next)
            {
                if (nodes[node].Arrival > bestArrival)
                {
                    best = node;
                    bestArrival = nodes[node].Arrival;
                }
            }
        }
    }
}
