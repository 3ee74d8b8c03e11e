namespace GridForge.Matching.Tests.Model;

/// <summary>The real engine behind <see cref="IMatchingModel"/>, checking its internal structure after every command.</summary>
public sealed class EngineModel(GridSpec spec) : IMatchingModel
{
    private readonly MatchingEngine engine = new(spec.ToGrid(), new MatchingEngineOptions { ExpectedOrders = 4, ExpectedResting = 4, ExpectedLevels = 1 });

    public MatchingEngine Engine => engine;

    public IReadOnlyList<MatchEvent> Submit(OrderRequest order) => Collect(engine.Submit(order));

    public IReadOnlyList<MatchEvent> Amend(OrderId id, long? price, long? quantity) => Collect(engine.Amend(id, price, quantity));

    public IReadOnlyList<MatchEvent> Cancel(OrderId id) => Collect(engine.Cancel(id));

    public IReadOnlyList<MatchEvent> CloseGate()
    {
        var expired = engine.CloseGate();
        var events = Collect(RejectCode.None);
        Assert.Equal(expired, events.Count);
        return events;
    }

    public OrderState GetOrder(OrderId id) => engine.GetOrder(id);

    public BookSnapshot Snapshot()
    {
        var orders = new List<RestingOrder>();
        for (var z = 0; z < engine.Grid.ZoneCount; z++)
        {
            orders.AddRange(engine.GetRestingOrders(new ZoneIndex(z), Side.Buy));
            orders.AddRange(engine.GetRestingOrders(new ZoneIndex(z), Side.Sell));
        }

        return new BookSnapshot(orders, engine.GetLinks());
    }

    private List<MatchEvent> Collect(RejectCode code)
    {
        engine.AssertInvariants();
        var events = engine.Events.ToArray().ToList();
        var rejected = events.Where(e => e.Kind == MatchEventKind.Rejected).Select(e => e.Code).SingleOrDefault();
        Assert.Equal(code, rejected);
        return events;
    }
}
