using GridForge.Matching;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <summary>The matching engines of open slots, a cache of what the state says: each is tagged with the book's change
/// counter, grid and price limit it reflects, and rebuilt from state when the book in state says otherwise (a dropped
/// overlay, a rolled-back block, a restart, a fresh runtime verifying the chain).</summary>
internal sealed class SlotEngines
{
    private readonly Dictionary<long, Entry> _bySlot = [];

    /// <summary>The engine for <paramref name="book"/> as the state has it, rebuilt when the cached one differs.</summary>
    public MatchingEngine For(IState state, SlotBook book)
    {
        if (_bySlot.TryGetValue(book.Slot.Index, out var e) && e.Counter == book.Counter && e.PriceLimit == book.PriceLimit && e.Grid.AsSpan().SequenceEqual(book.Grid))
        {
            return e.Engine;
        }

        var engine = Rebuild(state, book);
        _bySlot[book.Slot.Index] = new Entry(engine, book.Counter, book.Grid, book.PriceLimit);
        return engine;
    }

    /// <summary>Records that the cached engine of <paramref name="book"/> now reflects its (new) counter.</summary>
    public void Tag(SlotBook book)
    {
        if (_bySlot.TryGetValue(book.Slot.Index, out var e)) _bySlot[book.Slot.Index] = e with { Counter = book.Counter };
    }

    public void Drop(long slot) => _bySlot.Remove(slot);

    public int Count => _bySlot.Count;

    /// <summary>An engine on <paramref name="topology"/> with its links' net flows restored (one per link, in the topology's
    /// order) and no order: the links' room and fees as they stand.</summary>
    public static MatchingEngine WithFlows(GridTopology topology, long priceLimit, IReadOnlyList<long> flows, MatchingEngineOptions? options = null)
    {
        var grid = MarketGrids.Build(topology, priceLimit);
        var engine = options is null ? new MatchingEngine(grid) : new MatchingEngine(grid, options);
        for (var p = 0; p < topology.Links.Count; p++)
        {
            if (flows[p] != 0) engine.RestoreFlow(MarketGrids.Zone(grid, topology.Links[p].From), MarketGrids.Zone(grid, topology.Links[p].To), flows[p]);
        }

        return engine;
    }

    /// <summary>Flows restored, then the resting orders re-entered in arrival order; the book at rest is uncrossed given its
    /// flows, so the re-entry trades nothing (checked: anything else is a corrupt state).</summary>
    public static MatchingEngine Rebuild(IState state, SlotBook book)
    {
        var engine = WithFlows(GridTopology.Decode(book.Grid), book.PriceLimit, book.Flows,
            new MatchingEngineOptions { ExpectedOrders = (int)Math.Min(1 << 20, Math.Max(1024, book.RestingCount * 2)), ExpectedResting = (int)Math.Min(1 << 20, Math.Max(1024, book.RestingCount)) });
        var grid = engine.Grid;
        foreach (var o in MarketStore.Resting(state, book))
        {
            var code = engine.Submit(new OrderRequest(new OrderId((long)o.Id), MarketGrids.Account(o.Owner), o.Side, OrderKind.LimitGtc, MarketGrids.Zone(grid, o.Zone), o.Price, o.Remaining));
            if (code != RejectCode.None || engine.Events.Length != 0)
            {
                throw new InvalidOperationException($"slot {book.Slot}: re-entering resting order {o.Id} did not rest quietly ({code}); the stored book is corrupt");
            }
        }

        return engine;
    }

    private sealed record Entry(MatchingEngine Engine, ulong Counter, byte[] Grid, long PriceLimit);
}
