using GridForge.Matching.Tests.Model;

namespace GridForge.Matching.Tests;

/// <summary>Guards the random streams themselves: they must keep reaching every rule, or the contract suite proves little.</summary>
public sealed class StreamCoverageTests
{
    [Fact]
    public void RandomStreams_ReachEveryRuleOftenEnough()
    {
        var counts = new Dictionary<string, int>();
        void Count(string what, bool condition)
        {
            if (condition)
            {
                counts[what] = counts.GetValueOrDefault(what) + 1;
            }
        }

        foreach (var seed in MatchingContract.SeedNumbers)
        {
            var rng = new SplitMix((ulong)seed);
            var grid = StreamGenerator.Grid(rng);
            var model = new EngineModel(grid);
            foreach (var command in StreamGenerator.Commands(rng, grid, model.GetOrder, MatchingContract.StreamLength))
            {
                var before = model.Snapshot();
                var events = command.ApplyTo(model);
                Count("kind " + command.Order.Kind, command.Type == CommandType.Submit && events.Rejection() == RejectCode.None);
                Count("command " + command.Type, events.Rejection() == RejectCode.None);
                foreach (var e in events)
                {
                    Count("reject " + e.Code, e.Kind == MatchEventKind.Rejected);
                    Count("cancel " + e.Reason, e.Kind == MatchEventKind.Cancelled);
                    Count("trade", e.Kind == MatchEventKind.Trade);
                    Count("trade across zones", e.Kind == MatchEventKind.Trade && e.BuyZone != e.SellZone);
                    Count("trade at a congested fee", e.Kind == MatchEventKind.Trade && e.BuyZone != e.SellZone
                        && before.Links.Any(l => l.From == e.SellZone && l.To == e.BuyZone && e.Fee > l.BaseFee));
                    Count("trade at a negative price", e.Kind == MatchEventKind.Trade && e.Price < 0);
                    Count("re-cross trade", e.Kind == MatchEventKind.Trade
                        && (e.Side == Side.Buy ? e.BuyId : e.SellId) != command.Order.Id);
                }

                var after = model.Snapshot();
                Count("link filled up", after.Links.Any(l => l.Room == 0 && l.Capacity > 0) && !before.Links.Any(l => l.Room == 0 && l.Capacity > 0));
                Count("counter-flow", after.Links.Any(l => l.Flow < 0));
                Count("amend keeps place", command.Type == CommandType.Amend && events.Count == 0
                    && after.Orders.Any(o => o.Id == command.Order.Id && before.Orders.Any(p => p.Id == o.Id && p.Arrival == o.Arrival)));
            }
        }

        string[] expected =
        [
            "kind LimitGtc", "kind LimitIoc", "kind LimitFok", "kind Market", "command Amend", "command Cancel", "command CloseGate",
            "reject DuplicateId", "reject InvalidQuantity", "reject PriceOutOfRange", "reject UnknownZone", "reject NotResting",
            "reject FokNotFilled", "reject GateClosed", "cancel SelfTrade", "cancel Ioc", "cancel User", "cancel Expired",
            "trade", "trade across zones", "trade at a congested fee", "trade at a negative price", "re-cross trade",
            "link filled up", "counter-flow", "amend keeps place",
        ];
        var report = string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));
        foreach (var what in expected)
        {
            Assert.True(counts.GetValueOrDefault(what) >= 10, $"'{what}' happened {counts.GetValueOrDefault(what)} times; {report}");
        }
    }
}
