using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Settlement's state layout and read API: slots awaiting settlement (and those whose settlement stalled), per-trade
/// results, certificates; debts are in <see cref="Debts"/>.</summary>
internal static class SettlementStore
{
    public const string ResultPrefix = "settlement/result/";
    public const string OwnerResultPrefix = "settlement/by/";
    public const string CertificatePrefix = "settlement/cert/";
    public const string OwnerCertificatePrefix = "settlement/cert_by/";

    private static readonly StateKey PendingKey = StateKey.Of("settlement/pending");
    private static readonly StateKey StalledKey = StateKey.Of("settlement/stalled");
    private static readonly StateKey NextCertificateKey = StateKey.Of("settlement/next_cert");
    private static readonly StateKey TotalsKey = StateKey.Of("settlement/totals");

    private static byte[] Be(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }

    private static byte[] SlotSeq(SlotId slot, uint seq)
    {
        var k = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(k, (ulong)slot.Index);
        BinaryPrimitives.WriteUInt32BigEndian(k.AsSpan(8), seq);
        return k;
    }

    public static StateKey ResultKey(SlotId slot, uint seq) => StateKey.Of(ResultPrefix, SlotSeq(slot, seq));

    public static StateKey OwnerResultKey(Address owner, SlotId slot, uint seq) => StateKey.Of(OwnerResultPrefix, [.. owner.ToBytes(), .. SlotSeq(slot, seq)]);

    public static StateKey CertificateKey(ulong id) => StateKey.Of(CertificatePrefix, Be(id));

    public static StateKey OwnerCertificateKey(Address owner, ulong id) => StateKey.Of(OwnerCertificatePrefix, [.. owner.ToBytes(), .. Be(id)]);

    /// <summary>Closed slots with trades, ascending, that have not settled yet.</summary>
    public static IReadOnlyList<long> Pending(IState state) => SlotList.Decode(state.Get(PendingKey));

    internal static void SetPending(IState state, IReadOnlyList<long> slots) => SlotList.Set(state, PendingKey, slots);

    /// <summary>Queues a closed slot for settlement once its metering window has closed.</summary>
    public static void AddPending(IState state, SlotId slot) => SetPending(state, SlotList.With(Pending(state), slot.Index));

    /// <summary>Slots whose settlement failed <see cref="Execution.ItemAttempts.Max"/> times in a row: left unsettled, their
    /// trades' escrow still reserved, for an operator (and a later runtime) to look at.</summary>
    public static IReadOnlyList<long> Stalled(IState state) => SlotList.Decode(state.Get(StalledKey));

    internal static void AddStalled(IState state, SlotId slot) => SlotList.Set(state, StalledKey, SlotList.With(Stalled(state), slot.Index));

    public static TradeSettlement? Result(IState state, SlotId slot, uint seq) =>
        state.Get(ResultKey(slot, seq)) is { } raw ? TradeSettlement.Decode(slot, seq, raw) : null;

    public static Certificate? Certificate(IState state, ulong id) => state.Get(CertificateKey(id)) is { } raw ? Settlement.Certificate.Decode(id, raw) : null;

    internal static void SetCertificate(IState state, Certificate c, Address? previousOwner = null)
    {
        state.Set(CertificateKey(c.Id), c.Encode());
        if (previousOwner is { } p && p != c.Owner) state.Delete(OwnerCertificateKey(p, c.Id));
        state.Set(OwnerCertificateKey(c.Owner, c.Id), [1]);
    }

    internal static ulong NextCertificateId(IState state)
    {
        var raw = state.Get(NextCertificateKey);
        var next = raw is null ? 1 : BinaryPrimitives.ReadUInt64LittleEndian(raw);
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, checked(next + 1));
        state.Set(NextCertificateKey, b);
        return next;
    }

    /// <summary>Certificate Wh ever issued and ever retired (for the invariant: retired never exceeds issued).</summary>
    public static (long Issued, long Retired) Totals(IState state)
    {
        var raw = state.Get(TotalsKey);
        return raw is null ? (0, 0) : (BinaryPrimitives.ReadInt64LittleEndian(raw), BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8)));
    }

    internal static void AddTotals(IState state, long issued, long retired)
    {
        var (i, r) = Totals(state);
        var b = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(b, checked(i + issued));
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), checked(r + retired));
        state.Set(TotalsKey, b);
    }
}
