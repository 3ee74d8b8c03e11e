using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <summary>The market's read door: what the API, the dashboard, the CLI and the simulator may read of the market's state (books,
/// orders, trades, a slot's links, the trading of a run of slots), as typed values. Never called by consensus code; nothing outside
/// the module knows its key layout.</summary>
public static class MarketQueries
{
    /// <summary>A slot's book, or null when it has not opened.</summary>
    public static SlotBook? Book(IState state, SlotId slot) => MarketStore.Book(state, slot);

    /// <summary>The resting orders of a book in arrival order (the state's list; the engine is only a cache).</summary>
    public static IReadOnlyList<MarketOrder> Resting(IState state, SlotBook book) => MarketStore.Resting(state, book);

    /// <summary>The slots whose books are open, ascending.</summary>
    public static IReadOnlyList<long> OpenSlots(IState state) => MarketStore.OpenSlots(state);

    /// <summary>Slots whose gate closure stalled (left open in state, taking no orders), ascending.</summary>
    public static IReadOnlyList<long> StalledSlots(IState state) => MarketStore.StalledSlots(state);

    /// <summary>One order as stored, or null when no order has that id.</summary>
    public static MarketOrder? Order(IState state, ulong id) => MarketStore.Order(state, id);

    /// <summary>Every order of an account, oldest first.</summary>
    public static IReadOnlyList<MarketOrder> OrdersOf(IScannableState state, Address owner) =>
        KeyTail.Ids(state, KeyTail.Prefix(MarketStore.OwnerOrderPrefix, owner)).Select(id => MarketStore.Order(state, id)!).ToList();

    /// <summary>The trades of a slot in trade order.</summary>
    public static IReadOnlyList<MarketTrade> Trades(IState state, SlotId slot) => MarketStore.Trades(state, slot);

    /// <summary>One trade of a slot, or null.</summary>
    public static MarketTrade? Trade(IState state, SlotId slot, uint seq) => MarketStore.Trade(state, slot, seq);

    /// <summary>Every trade of an account as buyer or seller, by slot and sequence.</summary>
    public static IReadOnlyList<MarketTrade> TradesOf(IScannableState state, Address account) =>
        KeyTail.SlotSeqs(state, KeyTail.Prefix(MarketStore.OwnerTradePrefix, account))
            .Select(k => MarketStore.Trade(state, k.Slot, k.Seq)!).ToList();

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

        var future = GridQueries.TopologyFor(state, slot);
        var empty = SlotEngines.WithFlows(future, MarketModule.PriceLimit.Get(state), new long[future.Links.Count]);
        return (BookState.NotOpen, future, empty.GetLinks());
    }

    /// <summary>One slot's trading: trades, Wh traded, and the trade prices (µWATT/kWh): volume-weighted average (rounded
    /// down), lowest and highest; and the same for the buyers' all-in prices (price plus grid fee).</summary>
    public sealed record SlotSummary(long Slot, BookState Book, long Trades, long VolumeWh, long? AveragePrice, long? LowPrice, long? HighPrice,
        long? AverageAllIn);

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
