using GridForge.Matching;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <summary>The matching engines of open slots, a cache of what the state says: each is tagged with the book's change
/// counter, grid and price limit it reflects, and rebuilt from state when the book in state says otherwise (a dropped
/// overlay, a rolled-back block, a restart, a fresh runtime verifying the chain).</summary>
internal sealed class SlotEngines
{
    // No book's change counter reaches this: an engine tagged with it matches no state.
    private const ulong Untagged = ulong.MaxValue;

    private readonly Dictionary<long, Entry> _bySlot = [];

    /// <summary>The engine for <paramref name="book"/> as the state has it, rebuilt when the cached one differs.</summary>
    public MatchingEngine For(IState state, SlotBook book)
    {
        if (_bySlot.TryGetValue(book.Slot.Index, out var e) && e.Counter == book.Counter && e.PriceLimit == book.PriceLimit && e.Grid.AsSpan()
            .SequenceEqual(book.Grid))
        {
            return e.Engine;
        }

        var engine = Rebuild(state, book);
        _bySlot[book.Slot.Index] = new Entry(engine, book.Counter, book.Grid, book.PriceLimit);
        return engine;
    }

    /// <summary>The engine for <paramref name="book"/>, about to receive a command: until <see cref="Tag"/> records the outcome it
    /// is marked as matching no state, so a command cut short by a throw, or booked in an overlay that is later dropped, can
    /// never leave a changed engine that passes for the state (the next use rebuilds it).</summary>
    public MatchingEngine ForUpdate(IState state, SlotBook book)
    {
        var engine = For(state, book);
        Untag(book);
        return engine;
    }

    /// <summary>Marks the cached engine of <paramref name="book"/> as matching no state until the next <see cref="Tag"/>.</summary>
    public void Untag(SlotBook book)
    {
        if (_bySlot.TryGetValue(book.Slot.Index, out var e)) e.Counter = Untagged;
    }

    /// <summary>Records that the cached engine of <paramref name="book"/> now reflects its (new) counter.</summary>
    public void Tag(SlotBook book)
    {
        if (_bySlot.TryGetValue(book.Slot.Index, out var e)) e.Counter = book.Counter;
    }

    /// <summary>Records that the cached engine of <paramref name="book"/> now matches its (changed) grid, whose capacities it was given.</summary>
    public void Regrid(SlotBook book)
    {
        if (_bySlot.TryGetValue(book.Slot.Index, out var e)) e.Grid = book.Grid;
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

    /// <summary>Flows restored, then the resting orders re-entered in arrival order with what each already filled; the book at
    /// rest is uncrossed given its flows, so the re-entry trades nothing (checked: anything else is a corrupt state).</summary>
    public static MatchingEngine Rebuild(IState state, SlotBook book)
    {
        var engine = WithFlows(GridTopology.Decode(book.Grid), book.PriceLimit, book.Flows,
            new MatchingEngineOptions { ExpectedOrders = (int)Math.Min(1 << 20, Math.Max(1024, book.RestingCount * 2)), ExpectedResting = (
                int)Math.Min(1 << 20, Math.Max(1024, book.RestingCount)) });
        var grid = engine.Grid;
        foreach (var o in MarketStore.Resting(state, book))
        {
            // With what it already filled, so an amend is judged exactly as by an engine that never restarted.
            var code = engine.Restore(new OrderRequest(new OrderId((long)o.Id), MarketGrids.Account(o.Owner), o.Side, OrderKind.LimitGtc,
                MarketGrids.Zone(grid, o.Zone), o.Price, o.Remaining), o.Filled);
            if (code != RejectCode.None || engine.Events.Length != 0)
            {
                throw new InvalidOperationException($"slot {book.Slot}: re-entering resting order {o.Id} did not rest quietly ({code}); the stored book is " +
                    $"corrupt");
            }
        }

        return engine;
    }

    private sealed class Entry(MatchingEngine engine, ulong counter, byte[] grid, long priceLimit)
    {
        public MatchingEngine Engine { get; } = engine;
        public ulong Counter { get; set; } = counter;
        public byte[] Grid { get; set; } = grid;
        public long PriceLimit { get; } = priceLimit;
    }
}
