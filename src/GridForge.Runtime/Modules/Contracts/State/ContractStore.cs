using System.Buffers.Binary;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>The contracts module's state layout and read API. Ids and slots are big-endian in keys so prefix scans list them
/// in order.</summary>
internal static class ContractStore
{
    public const string ContractPrefix = "contracts/c/";
    public const string PartyPrefix = "contracts/by_party/";
    public const string HistoryPrefix = "contracts/history/";
    public const string PpaSlotPrefix = "contracts/ppa_slot/";
    public const string PpaPeriodPrefix = "contracts/ppa_period/";
    public const string FlexSlotPrefix = "contracts/flex_slot/";

    private static readonly StateKey NextIdKey = StateKey.Of("contracts/next");
    private static readonly StateKey LiveKey = StateKey.Of("contracts/live");

    internal static byte[] Be(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }

    private static byte[] Be(long v) => Be((ulong)v);

    public static StateKey ContractKey(ulong id) => StateKey.Of(ContractPrefix, Be(id));

    public static StateKey PartyKey(Address party, ulong id) => StateKey.Of(PartyPrefix, [.. party.ToBytes(), .. Be(id)]);

    public static byte[] PartyScanPrefix(Address party) => [.. System.Text.Encoding.ASCII.GetBytes(PartyPrefix), .. party.ToBytes()];

    public static StateKey HistoryKey(ulong id, uint seq) => StateKey.Of(HistoryPrefix, [.. Be(id), .. Be((ulong)seq)[4..]]);

    public static byte[] HistoryScanPrefix(ulong id) => [.. System.Text.Encoding.ASCII.GetBytes(HistoryPrefix), .. Be(id)];

    private static StateKey ForecastKey(ulong id, SlotId slot) => StateKey.Of("contracts/forecast/", [.. Be(id), .. Be(slot.Index)]);

    private static StateKey DayOrdersKey(ulong id, long day) => StateKey.Of("contracts/day_orders/", [.. Be(id), .. Be(day)]);

    public static StateKey PpaSlotKey(ulong id, SlotId slot) => StateKey.Of(PpaSlotPrefix, [.. Be(id), .. Be(slot.Index)]);

    public static StateKey PpaPeriodKey(ulong id, long period) => StateKey.Of(PpaPeriodPrefix, [.. Be(id), .. Be(period)]);

    public static byte[] PpaPeriodScanPrefix(ulong id) => [.. System.Text.Encoding.ASCII.GetBytes(PpaPeriodPrefix), .. Be(id)];

    public static StateKey FlexSlotKey(ulong id, SlotId slot) => StateKey.Of(FlexSlotPrefix, [.. Be(id), .. Be(slot.Index)]);

    public static byte[] FlexSlotScanPrefix(ulong id) => [.. System.Text.Encoding.ASCII.GetBytes(FlexSlotPrefix), .. Be(id)];

    private static StateKey CongestedKey(ZoneId zone, SlotId slot) =>
        StateKey.Of("contracts/congested/", [.. Be(slot.Index), .. System.Text.Encoding.ASCII.GetBytes(zone.Name)]);

    public static ContractRecord? Contract(IState state, ulong id) => state.Get(ContractKey(id)) is { } raw ? ContractRecord.Decode(id, raw) : null;

    internal static void Set(IState state, ContractRecord c) => state.Set(ContractKey(c.Id), c.Encode());

    internal static ulong NextId(IState state)
    {
        var raw = state.Get(NextIdKey);
        var next = raw is null ? 1 : BinaryPrimitives.ReadUInt64LittleEndian(raw);
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, checked(next + 1));
        state.Set(NextIdKey, b);
        return next;
    }

    /// <summary>Ids of the contracts that still act or settle (proposed or active), ascending: what the end of a block visits.</summary>
    public static IReadOnlyList<long> Live(IState state) => SlotList.Decode(state.Get(LiveKey));

    internal static void SetLive(IState state, IReadOnlyList<long> ids) => SlotList.Set(state, LiveKey, ids);

    /// <summary>Appends one entry to a contract's own history (the same entry is also a chain event).</summary>
    internal static void AddHistory(IState state, ContractRecord c, long time, Event e)
    {
        var w = new CanonicalWriter(64);
        EventCodec.WriteOne(w.I64(time), e, withModule: false);
        state.Set(HistoryKey(c.Id, c.HistoryCount), w.ToArray());
        c.HistoryCount++;
    }

    /// <summary>A history entry: block time, event kind and attributes.</summary>
    public static (long Time, Event Event) DecodeHistory(ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var time = r.I64("time");
        var e = EventCodec.ReadOne(ref r, ContractsModule.ModuleName);
        r.End("history entry");
        return r.Ok ? (time, e) : throw new InvalidOperationException($"corrupt contract history: {r.Error}");
    }

    internal static (long Export, long Import)? Forecast(IState state, ulong id, SlotId slot)
    {
        if (state.Get(ForecastKey(id, slot)) is not { } raw) return null;
        return (BinaryPrimitives.ReadInt64LittleEndian(raw), BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8)));
    }

    internal static void SetForecast(IState state, ulong id, SlotId slot, long export, long import)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(b, export);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), import);
        state.Set(ForecastKey(id, slot), b);
    }

    internal static void DeleteForecast(IState state, ulong id, SlotId slot) => state.Delete(ForecastKey(id, slot));

    /// <summary>The buy orders a residential rule placed for delivery on one UTC day (what its daily budget is checked against).</summary>
    internal static IReadOnlyList<long> DayOrders(IState state, ulong id, long day) => SlotList.Decode(state.Get(DayOrdersKey(id, day)));

    internal static void AddDayOrder(IState state, ulong id, long day, ulong order) =>
        SlotList.Set(state, DayOrdersKey(id, day), SlotList.With(DayOrders(state, id, day), (long)order));

    public static bool IsCongested(IState state, ZoneId zone, SlotId slot) => state.Get(CongestedKey(zone, slot)) is not null;

    internal static void SetCongested(IState state, ZoneId zone, SlotId slot) => state.Set(CongestedKey(zone, slot), [1]);
}
