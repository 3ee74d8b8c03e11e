namespace GridForge.Matching.Tests.Model;

/// <summary>
/// Seeded random grids and command streams: every order kind, amends and cancels, several zones with fees,
/// congestion and tight capacities, negative and zero prices, and a share of bad input.
/// </summary>
public static class StreamGenerator
{
    public const long PriceLimit = 30;

    public static GridSpec Grid(SplitMix rng)
    {
        var zones = Enumerable.Range(0, rng.Next(1, 4)).Select(i => "Z" + i).ToList();
        var links = new List<LinkSpec>();
        for (var a = 0; a < zones.Count; a++)
        {
            for (var b = a + 1; b < zones.Count; b++)
            {
                if (rng.Chance(75))
                {
                    var forward = rng.Next(0, 25);
                    links.Add(new LinkSpec(a, b, rng.Next(0, 5), forward, rng.Chance(60) ? forward : rng.Next(0, 25)));
                }
            }
        }

        long[] congestion = [0, 250, 1000, 5000];
        // A local fee above twice the link fees is what lets a counter-flow re-cross orders left resting by a full link.
        var localFee = rng.Chance(40) ? rng.Next(5, 10) : rng.Next(0, 2);
        return new GridSpec(zones, links, localFee, congestion[rng.Next(0, 3)], PriceLimit);
    }

    /// <summary>Commands generated lazily, so that amends and cancels can aim at what is resting right now.</summary>
    public static IEnumerable<Command> Commands(SplitMix rng, GridSpec grid, Func<OrderId, OrderState> lookup, int count)
    {
        // Zones get their own price level (a sunny feeder is cheap), so links carry flow, fill up and see counter-flows.
        var centres = grid.Zones.Select(_ => rng.Next(-12L, 12)).ToArray();
        var issued = new List<long>();
        var nextId = 1L;
        for (var i = 0; i < count; i++)
        {
            var roll = rng.Next(0, 99);
            if (roll < 55 || issued.Count == 0)
            {
                var id = issued.Count > 0 && rng.Chance(2) ? rng.Pick(issued) : nextId++;
                issued.Add(id);
                yield return Command.Submit(RandomOrder(rng, grid, centres, id));
            }
            else if (roll < 80)
            {
                var id = Target(rng, issued, lookup);
                yield return RandomAmend(rng, id, lookup(new OrderId(id)));
            }
            else if (roll < 97)
            {
                yield return Command.Cancel(rng.Chance(5) ? nextId + 1000 : Target(rng, issued, lookup));
            }
            else
            {
                // A sweep: a large market or ioc order that walks through several levels and zones.
                var order = RandomOrder(rng, grid, centres, nextId++) with { Quantity = rng.Next(20, 60), Kind = rng.Chance(50) ? OrderKind.Market
                    : OrderKind.LimitIoc };
                issued.Add(order.Id.Value);
                yield return Command.Submit(order);
            }
        }

        if (rng.Chance(50))
        {
            yield return Command.CloseGate();
            yield return Command.Submit(RandomOrder(rng, grid, centres, nextId++));
        }
    }

    /// <summary>Mostly a recent resting order; now and then any recent id, resting or not.</summary>
    private static long Target(SplitMix rng, List<long> issued, Func<OrderId, OrderState> lookup)
    {
        var recent = issued.TakeLast(200).Where(id => lookup(new OrderId(id)).Status == OrderStatus.Resting).ToList();
        return recent.Count > 0 && rng.Chance(90) ? rng.Pick(recent) : issued[Math.Max(0, issued.Count - 1 - rng.Next(0, Math.Min(issued.Count - 1, 40)))];
    }

    private static OrderRequest RandomOrder(SplitMix rng, GridSpec grid, long[] centres, long id)
    {
        var kindRoll = rng.Next(0, 99);
        var kind = kindRoll < 55 ? OrderKind.LimitGtc : kindRoll < 70 ? OrderKind.LimitIoc : kindRoll < 85 ? OrderKind.LimitFok : OrderKind.Market;
        var zone = rng.Chance(2) ? (rng.Chance(50) ? -1 : grid.Zones.Count) : rng.Next(0, grid.Zones.Count - 1);
        var side = rng.Chance(50) ? Side.Buy : Side.Sell;
        var centre = zone >= 0 && zone < centres.Length ? centres[zone] : 0;
        var spread = side == Side.Buy ? rng.Next(-9, 3) : rng.Next(-3, 9);
        var price = rng.Chance(3) ? (rng.Chance(50) ? 1 : -1) * rng.Next(PriceLimit + 1, PriceLimit + 10) : centre + spread;
        var quantity = rng.Chance(2) ? rng.Next(-3, 0) : rng.Next(1, 12);
        return new OrderRequest(
            new OrderId(id), new AccountId(rng.Next(1, 4)), side, kind, new ZoneIndex(zone), price, quantity);
    }

    private static Command RandomAmend(SplitMix rng, long id, OrderState state)
    {
        var price = state.Status == OrderStatus.Resting ? state.Price : rng.Next(-20, 20);
        var remaining = Math.Max(1, state.Remaining);
        var roll = rng.Next(0, 99);
        return roll switch
        {
            < 30 => Command.Amend(id, rng.Chance(50) ? price : null, rng.Next(1, remaining)),
            < 60 => Command.Amend(id, price + rng.Next(-6, 6), null),
            < 75 => Command.Amend(id, null, remaining + rng.Next(1, 6)),
            < 90 => Command.Amend(id, price + rng.Next(-4, 4), rng.Next(1, 12)),
            < 95 => Command.Amend(id, null, rng.Next(-2, 0)),
            _ => Command.Amend(id, (rng.Chance(50) ? 1 : -1) * (PriceLimit + rng.Next(1, 5)), null),
        };
    }
}
