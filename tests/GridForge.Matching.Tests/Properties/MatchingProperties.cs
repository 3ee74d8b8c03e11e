using CsCheck;
using GridForge.Matching.Tests.Model;

namespace GridForge.Matching.Tests.Properties;

/// <summary>Property-based checks (CsCheck, shrinking to the smallest failing stream) of the invariants the contract suite checks on seeded streams.</summary>
public sealed class MatchingProperties
{
    [Fact]
    public void Property_EngineEqualsTheReferenceAndKeepsEveryInvariant() =>
        Generators.Stream.Sample(
            (grid, commands) => { StreamRunner.Run(new EngineModel(grid), grid, commands.Append(Command.CloseGate()), grid.ToString()); },
            iter: 1_500);

    [Fact]
    public void Property_SameCommandsGiveTheSameEventsAndBook() =>
        Generators.Stream.Sample(
            (grid, commands) =>
            {
                var first = new EngineModel(grid);
                var second = new EngineModel(grid);
                foreach (var command in commands)
                {
                    Assert.Equal(command.ApplyTo(first), command.ApplyTo(second));
                }

                Assert.True(first.Snapshot().SameAs(second.Snapshot()));
            },
            iter: 300);

    [Fact]
    public void Property_DepthAggregatesTheRestingOrdersBestFirst() =>
        Generators.Stream.Sample(
            (grid, commands) =>
            {
                var model = new EngineModel(grid);
                foreach (var command in commands)
                {
                    command.ApplyTo(model);
                }

                var engine = model.Engine;
                for (var z = 0; z < grid.Zones.Count; z++)
                {
                    foreach (var side in new[] { Side.Buy, Side.Sell })
                    {
                        var zone = new ZoneIndex(z);
                        var orders = engine.GetRestingOrders(zone, side);
                        var expected = orders.GroupBy(o => o.Price).Select(g => new DepthLevel(g.Key, g.Sum(o => o.Remaining), g.Count())).ToList();
                        Assert.Equal(expected, engine.GetDepth(zone, side, int.MaxValue));
                        Assert.Equal(expected.FirstOrDefault().Price, side == Side.Buy ? engine.BestBid(zone) ?? 0 : engine.BestAsk(zone) ?? 0);
                    }
                }
            },
            iter: 300);

    [Fact]
    public void Property_OrderStateAgreesWithTheEventsThatConcernedTheOrder() =>
        Generators.Stream.Sample(
            (grid, commands) =>
            {
                var model = new EngineModel(grid);
                var filled = new Dictionary<OrderId, long>();
                var last = new Dictionary<OrderId, OrderStatus>();
                foreach (var command in commands)
                {
                    foreach (var e in command.ApplyTo(model))
                    {
                        if (e.Kind == MatchEventKind.Trade)
                        {
                            filled[e.BuyId] = filled.GetValueOrDefault(e.BuyId) + e.Quantity;
                            filled[e.SellId] = filled.GetValueOrDefault(e.SellId) + e.Quantity;
                        }
                        else if (e.Kind == MatchEventKind.Cancelled)
                        {
                            last[e.Id] = OrderStatus.Cancelled;
                        }
                    }
                }

                foreach (var (id, quantity) in filled)
                {
                    Assert.Equal(quantity, model.GetOrder(id).Filled);
                }

                foreach (var (id, status) in last)
                {
                    Assert.Equal(status, model.GetOrder(id).Status);
                }
            },
            iter: 300);
}
