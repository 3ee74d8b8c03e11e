namespace GridForge.Matching.Tests.Model;

/// <summary>
/// Checks, from the outside, what must hold after every command whatever the implementation: price-time priority,
/// an uncrossed book, trades at the resting price with the rule-6 fee, flows within capacity, quantity conservation,
/// ioc never resting, fok all-or-nothing, rejections without trace, no self-trades.
/// </summary>
public sealed class InvariantChecker(GridSpec grid)
{
    private readonly Dictionary<long, long> entered = [];
    private readonly Dictionary<long, long> filled = [];
    private readonly Dictionary<long, long> cancelled = [];

    public void Check(Command command, BookSnapshot before, IReadOnlyList<MatchEvent> events, BookSnapshot after)
    {
        var id = command.Order.Id.Value;
        if (events.Any(e => e.Kind == MatchEventKind.Rejected))
        {
            Assert.True(events.Count == 1, "a rejection is the command's only event");
            Assert.True(after.SameAs(before), "a rejected command changes nothing");
            return;
        }

        var previous = before.Orders.SingleOrDefault(o => o.Id.Value == id);
        switch (command.Type)
        {
            case CommandType.Submit:
                entered[id] = command.Order.Quantity;
                break;
            case CommandType.Amend when command.NewQuantity is { } quantity:
                entered[id] += quantity - previous.Remaining;
                break;
            case CommandType.CloseGate:
                Assert.Empty(after.Orders);
                Assert.Equal(before.Orders.Count, events.Count);
                break;
            default:
                break;
        }

        CheckTrades(command, before, events, after);
        foreach (var e in events)
        {
            if (e.Kind == MatchEventKind.Trade)
            {
                filled[e.BuyId.Value] = filled.GetValueOrDefault(e.BuyId.Value) + e.Quantity;
                filled[e.SellId.Value] = filled.GetValueOrDefault(e.SellId.Value) + e.Quantity;
            }
            else
            {
                cancelled[e.Id.Value] = cancelled.GetValueOrDefault(e.Id.Value) + e.Quantity;
            }
        }

        var touched = events.SelectMany(e => new[] { e.Id.Value, e.BuyId.Value, e.SellId.Value }).Append(id).Where(entered.ContainsKey);
        foreach (var order in touched.Distinct())
        {
            CheckConserved(order, after);
        }

        if (command.Type == CommandType.Submit && command.Order.Kind != OrderKind.LimitGtc)
        {
            Assert.True(after.Orders.All(o => o.Id.Value != id), "ioc, fok and market orders never rest");
        }

        if (command.Type == CommandType.Submit && command.Order.Kind == OrderKind.LimitFok)
        {
            var traded = events.Where(e => e.Kind == MatchEventKind.Trade && (e.BuyId.Value == id || e.SellId.Value == id)).Sum(e => e.Quantity);
            Assert.True(traded == command.Order.Quantity, "an accepted fok order fills completely");
        }

        CheckPriority(after);
        CheckUncrossed(after);
    }

    /// <summary>filled + resting + cancelled = entered, for every order ever accepted.</summary>
    public void CheckAllConserved(BookSnapshot final)
    {
        foreach (var order in entered.Keys)
        {
            CheckConserved(order, final);
        }
    }

    private void CheckConserved(long order, BookSnapshot after)
    {
        var resting = after.Orders.Where(o => o.Id.Value == order).Sum(o => o.Remaining);
        var total = filled.GetValueOrDefault(order) + resting + cancelled.GetValueOrDefault(order);
        Assert.True(entered[order] == total, $"order {order}: entered {entered[order]} = filled + resting + cancelled ({total})");
    }

    private void CheckTrades(Command command, BookSnapshot before, IReadOnlyList<MatchEvent> events, BookSnapshot after)
    {
        var flows = before.Links.ToDictionary(l => (l.From.Index, l.To.Index), l => l.Flow);
        foreach (var e in events.Where(e => e.Kind == MatchEventKind.Trade))
        {
            Assert.True(e.BuyAccount != e.SellAccount, "no account trades with itself");
            Assert.True(e.Quantity > 0, "trades are positive");
            var makerId = e.Side == Side.Buy ? e.SellId : e.BuyId;
            var maker = before.Orders.SingleOrDefault(o => o.Id == makerId);
            Assert.True(maker.Remaining > 0 && maker.Price == e.Price, $"trade price {e.Price} is the resting order {makerId}'s price");

            var (sellZone, buyZone) = (e.SellZone.Index, e.BuyZone.Index);
            long expectedFee;
            if (sellZone == buyZone)
            {
                expectedFee = grid.LocalFee;
            }
            else
            {
                Assert.True(flows.ContainsKey((sellZone, buyZone)), "cross-zone trades need a link");
                var link = before.Links.Single(l => l.From.Index == sellZone && l.To.Index == buyZone);
                var flow = flows[(sellZone, buyZone)];
                expectedFee = link.BaseFee + (link.BaseFee * grid.CongestionPermille * Math.Max(0, flow) / (1000 * Math.Max(1, link.Capacity)));
                Assert.True(e.Quantity <= link.Capacity - flow, "a fill is capped by the room on its link");
                flows[(sellZone, buyZone)] += e.Quantity;
                flows[(buyZone, sellZone)] -= e.Quantity;
            }

            Assert.True(expectedFee == e.Fee, $"trade fee {e.Fee} follows rule 6 ({expectedFee})");
            var takerId = e.Side == Side.Buy ? e.BuyId : e.SellId;
            long? takerPrice = takerId == command.Order.Id
                ? command.Type == CommandType.Submit
                    ? command.Order.Kind == OrderKind.Market ? null : command.Order.Price
                    : command.NewPrice ?? before.Orders.Single(o => o.Id == takerId).Price
                : before.Orders.Single(o => o.Id == takerId).Price;
            if (takerPrice is { } limit)
            {
                var (buyPrice, sellPrice) = e.Side == Side.Buy ? (limit, e.Price) : (e.Price, limit);
                Assert.True(sellPrice + e.Fee <= buyPrice, "only crossing orders trade");
            }
        }

        foreach (var link in after.Links)
        {
            Assert.True(flows[(link.From.Index, link.To.Index)] == link.Flow, "link flows move by exactly the traded Wh");
            Assert.True(link.Flow <= link.Capacity, "link flow never exceeds capacity");
        }
    }

    private static void CheckPriority(BookSnapshot after)
    {
        Assert.True(after.Orders.Select(o => o.Arrival).Distinct().Count() == after.Orders.Count, "arrival numbers are unique");
        foreach (var queue in after.Orders.GroupBy(o => (o.Zone, o.Side)))
        {
            var list = queue.ToList();
            for (var i = 1; i < list.Count; i++)
            {
                var (a, b) = (list[i - 1], list[i]);
                var better = a.Side == Side.Buy ? a.Price > b.Price : a.Price < b.Price;
                Assert.True(better || (a.Price == b.Price && a.Arrival < b.Arrival), "the book is in price-time priority");
            }
        }
    }

    private void CheckUncrossed(BookSnapshot after)
    {
        foreach (var sell in after.Orders.Where(o => o.Side == Side.Sell))
        {
            foreach (var buy in after.Orders.Where(o => o.Side == Side.Buy))
            {
                long fee;
                if (sell.Zone == buy.Zone)
                {
                    fee = grid.LocalFee;
                }
                else
                {
                    var link = after.Links.SingleOrDefault(l => l.From == sell.Zone && l.To == buy.Zone);
                    if (link.Room <= 0)
                    {
                        continue;
                    }

                    fee = link.BaseFee + (link.BaseFee * grid.CongestionPermille * Math.Max(0, link.Flow) / (1000 * Math.Max(1, link.Capacity)));
                }

                Assert.True(sell.Price + fee > buy.Price, $"no resting pair crosses with room: sell {sell.Id} and buy {buy.Id}");
            }
        }
    }
}
