using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <summary>The market's state layout and its read API (for settlement and the node). Keys carry slots and ids big-endian,
/// so a prefix scan lists them in order.</summary>
internal static class MarketStore
{
    public const string OrderPrefix = "market/order/";
    public const string SlotPrefix = "market/slot/";
    public const string TradePrefix = "market/trade/";
    public const string OwnerOrderPrefix = "market/by_owner/";
    public const string OwnerTradePrefix = "market/trades_by/";

    private static readonly StateKey NextOrderKey = StateKey.Of("market/next_order");
    private static readonly StateKey OpenKey = StateKey.Of("market/open");
    private static readonly StateKey StalledKey = StateKey.Of("market/stalled");
    private static readonly StateKey CapacityEpochKey = StateKey.Of("market/capacity_epoch");

    private static byte[] U64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }

    public static StateKey OrderKey(ulong id) => StateKey.Of(OrderPrefix, U64(id));

    public static StateKey SlotKey(SlotId slot) => StateKey.Of(SlotPrefix, U64((ulong)slot.Index));

    public static StateKey TradeKey(SlotId slot, uint seq)
    {
        Span<byte> k = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(k, (ulong)slot.Index);
        BinaryPrimitives.WriteUInt32BigEndian(k[8..], seq);
        return StateKey.Of(TradePrefix, k);
    }


    public static StateKey OwnerOrderKey(Address owner, ulong id) => StateKey.Of(OwnerOrderPrefix, [.. owner.ToBytes(), .. U64(id)]);

    public static StateKey OwnerTradeKey(Address owner, SlotId slot, uint seq)
    {
        var k = new byte[Address.Size + 12];
        owner.CopyTo(k);
        BinaryPrimitives.WriteUInt64BigEndian(k.AsSpan(Address.Size), (ulong)slot.Index);
        BinaryPrimitives.WriteUInt32BigEndian(k.AsSpan(Address.Size + 8), seq);
        return StateKey.Of(OwnerTradePrefix, k);
    }

    private static StateKey OfferedKey(SlotId slot, Address seller, ZoneId zone) =>
        StateKey.Of("market/offered/", [.. U64((ulong)slot.Index), .. seller.ToBytes(), .. System.Text.Encoding.ASCII.GetBytes(zone.Name)]);

    public static MarketOrder? Order(IState state, ulong id) => state.Get(OrderKey(id)) is { } raw ? MarketOrder.Decode(id, raw) : null;

    public static void SetOrder(IState state, MarketOrder order) => state.Set(OrderKey(order.Id), order.Encode());

    public static SlotBook? Book(IState state, SlotId slot) => state.Get(SlotKey(slot)) is { } raw ? SlotBook.Decode(raw) : null;

    public static void SetBook(IState state, SlotBook book) => state.Set(SlotKey(book.Slot), book.Encode());

    public static MarketTrade? Trade(IState state, SlotId slot, uint seq) =>
        state.Get(TradeKey(slot, seq)) is { } raw ? MarketTrade.Decode(slot, seq, raw) : null;

    /// <summary>The trades of a slot in trade order.</summary>
    public static IReadOnlyList<MarketTrade> Trades(IState state, SlotId slot)
    {
        var book = Book(state, slot);
        var list = new List<MarketTrade>();
        for (uint i = 0; book is not null && i < book.TradeCount; i++) list.Add(Trade(state, slot, i)!);
        return list;
    }

    /// <summary>The resting orders of a slot in arrival order, from the state's list.</summary>
    public static IReadOnlyList<MarketOrder> Resting(IState state, SlotBook book)
    {
        var list = new List<MarketOrder>();
        for (var id = book.Head; id != 0;)
        {
            var o = Order(state, id) ?? throw new InvalidOperationException($"the resting list of slot {book.Slot} names a missing order {id}");
            list.Add(o);
            id = o.NextResting;
        }

        return list;
    }

    internal static ulong NextOrderId(IState state)
    {
        var raw = state.Get(NextOrderKey);
        var next = raw is null ? 1 : BinaryPrimitives.ReadUInt64LittleEndian(raw);
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, checked(next + 1));
        state.Set(NextOrderKey, b);
        return next;
    }

    /// <summary>Wh a seller has sold or offers (resting) in a slot and zone: what its meters' capacity is checked against.</summary>
    public static long Offered(IState state, SlotId slot, Address seller, ZoneId zone) =>
        state.Get(OfferedKey(slot, seller, zone)) is { } raw ? BinaryPrimitives.ReadInt64LittleEndian(raw) : 0;

    internal static void AddOffered(IState state, SlotId slot, Address seller, ZoneId zone, long delta)
    {
        var next = checked(Offered(state, slot, seller, zone) + delta);
        var key = OfferedKey(slot, seller, zone);
        if (next == 0)
        {
            state.Delete(key);
            return;
        }

        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, next);
        state.Set(key, b);
    }

    /// <summary>The slots whose books are open, ascending.</summary>
    public static IReadOnlyList<long> OpenSlots(IState state) => SlotList.Decode(state.Get(OpenKey));

    internal static void SetOpenSlots(IState state, IReadOnlyList<long> slots) => SlotList.Set(state, OpenKey, slots);

    /// <summary>Slots whose gate closure failed <see cref="Execution.ItemAttempts.Max"/> times: left open in state, taking no orders.</summary>
    public static IReadOnlyList<long> StalledSlots(IState state) => SlotList.Decode(state.Get(StalledKey));

    /// <summary>The grid's capacity epoch the open books were last brought up to (<see cref="GridModule.CapacityEpoch"/>).</summary>
    internal static ulong CapacityEpochSeen(IState state) => state.Get(CapacityEpochKey) is { } raw ? System.Buffers.Binary.BinaryPrimitives
        .ReadUInt64LittleEndian(raw) : 0;

    internal static void SetCapacityEpochSeen(IState state, ulong epoch)
    {
        var b = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, epoch);
        state.Set(CapacityEpochKey, b);
    }

    internal static void AddStalled(IState state, SlotId slot) => SlotList.Set(state, StalledKey, SlotList.With(StalledSlots(state), slot.Index));
}
