namespace GridForge.Matching;

/// <content>Structural self-check used by the tests after every command.</content>
public sealed partial class MatchingEngine
{
    /// <summary>
    /// Throws when the internal structure is broken: level order and queues, node/record agreement,
    /// link flows within capacity, cached fees current, and no pair of resting orders crossing on a link with room.
    /// </summary>
    internal void AssertInvariants()
    {
        var resting = 0;
        for (var z = 0; z < grid.ZoneCount; z++)
        {
            foreach (var side in (ReadOnlySpan<BookSide>)[bids[z], asks[z]])
            {
                side.AssertInvariants(z);
                for (var rank = 0; rank < side.LevelCount; rank++)
                {
                    for (var node = store.Levels[side.LevelAt(rank)].Head; node >= 0; node = store.Nodes[node].Next)
                    {
                        var slot = table.Find(store.Nodes[node].Id);
                        Check(slot >= 0 && table[slot].Status == OrderStatus.Resting && table[slot].Node == node, "a resting node's record points at it");
                        resting++;
                    }
                }
            }
        }

        Check(resting == store.LiveNodes, "every live node rests in a level");
        Check(links.DirtyCount == 0, "no dirty link is left after a command");
        for (var link = 0; link < grid.DirectedLinkCount; link++)
        {
            Check(links.Flow(link) <= links.Capacity(link), "link flow never exceeds capacity");
            Check(links.Fee(link) == links.FeeAt(link, links.Flow(link)), "cached fee matches its flow");
        }

        for (var z = 0; z < grid.ZoneCount; z++)
        {
            foreach (var route in grid.InRoutes[z])
            {
                var sells = asks[route.Zone];
                var buys = bids[z];
                if (sells.LevelCount == 0 || buys.LevelCount == 0 || (route.Link >= 0 && links.Room(route.Link) <= 0))
                {
                    continue;
                }

                var fee = route.Link < 0 ? grid.LocalFee : links.Fee(route.Link);
                Check(store.Levels[sells.LevelAt(0)].Price + fee > store.Levels[buys.LevelAt(0)].Price, "no resting pair crosses on a link with room");
            }
        }
    }

    private static void Check(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Engine invariant broken: " + invariant + ".");
        }
    }
}
