using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <summary>Read-only questions about the market that the API (and the dashboard) ask: a slot's links as its book sees them,
/// and the trading of a run of slots. Never called by consensus code.</summary>
public static class MarketQueries
{
    /// <summary>Where a slot's book stands: open, closed (gate passed) or not opened yet (no book in state).</summary>
    public enum BookState
    {
        NotOpen,
        Open,
        Closed,
    }

    /// <summary>A slot's links, each direction with its capacity, net flow, room and the fee the next kWh along it would pay,
    /// as the slot's book has them (a slot whose book has not opened: the grid in force for it, with no flow yet).</summary>
    public static (BookState State, GridTopology Topology, IReadOnlyList<LinkState> Links) Links(IState state, SlotId slot)
    {
        if (MarketStore.Book(state, slot) is { } book)
        {
            var topology = GridTopology.Decode(book.Grid);
            var engine = SlotEngines.WithFlows(topology, book.PriceLimit, book.Flows);
            return (StateOf(book), topology, engine.GetLinks());
        }

        var future = GridModule.TopologyFor(state, slot);
        var empty = SlotEngines.WithFlows(future, MarketModule.PriceLimit.Get(state), new long[future.Links.Count]);
        return (BookState.NotOpen, future, empty.GetLinks());
    }

    /// <summary>One slot's trading: trades, Wh traded, and the trade prices (µWATT/kWh): volume-weighted average (rounded
    /// down), lowest and highest; and the same for the buyers' all-in prices (price plus grid fee).</summary>
    public sealed record SlotSummary(long Slot, BookState Book, long Trades, long VolumeWh, long? AveragePrice, long? LowPrice, long? HighPrice, long? AverageAllIn);

    /// <summary>The trading of each slot from <paramref name="from"/> to <paramref name="to"/> (inclusive), in slot order.</summary>
    public static IReadOnlyList<SlotSummary> Summary(IState state, SlotId from, SlotId to)
    {
        var list = new List<SlotSummary>();
        for (var s = from.Index; s <= to.Index; s++)
        {
            var book = MarketStore.Book(state, new SlotId(s));
            var trades = MarketStore.Trades(state, new SlotId(s));
            long volume = 0;
            Int128 value = 0, allIn = 0;
            long? low = null, high = null;
            foreach (var t in trades)
            {
                volume = checked(volume + t.Quantity);
                value += (Int128)t.Price * t.Quantity;
                allIn += (Int128)t.BuyerPrice * t.Quantity;
                low = low is { } l ? Math.Min(l, t.Price) : t.Price;
                high = high is { } h ? Math.Max(h, t.Price) : t.Price;
            }

            var status = StateOf(book);
            list.Add(new SlotSummary(s, status, trades.Count, volume, volume == 0 ? null : (long)Floor(value, volume), low, high,
                volume == 0 ? null : (long)Floor(allIn, volume)));
        }

        return list;
    }

    private static BookState StateOf(SlotBook? book) =>
        book is null ? BookState.NotOpen : book.Status == SlotStatus.Open ? BookState.Open : BookState.Closed;

    /// <summary>The API's name of a book state: <c>not_open</c>, <c>open</c>, <c>closed</c>.</summary>
    public static string Name(BookState state) => state switch
    {
        BookState.Open => "open",
        BookState.Closed => "closed",
        _ => "not_open",
    };

    private static Int128 Floor(Int128 numerator, long denominator)
    {
        var q = numerator / denominator;
        return numerator % denominator < 0 ? q - 1 : q;
    }
}
