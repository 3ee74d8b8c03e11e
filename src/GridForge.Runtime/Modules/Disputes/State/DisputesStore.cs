using System.Buffers.Binary;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The disputes module's state layout and read API. Ids are big-endian in keys, so a prefix scan lists them in order.</summary>
internal static class DisputesStore
{
    public const string DisputePrefix = "disputes/d/";
    public const string AccountPrefix = "disputes/by/";

    private static readonly StateKey NextIdKey = StateKey.Of("disputes/next_id");
    private static readonly StateKey CouncilKey = StateKey.Of("disputes/council");

    internal static byte[] Be(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }

    private static byte[] Le(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        return b;
    }

    public static StateKey DisputeKey(ulong id) => StateKey.Of(DisputePrefix, Be(id));

    public static StateKey AccountKey(Address account, ulong id) => StateKey.Of(AccountPrefix, [.. account.ToBytes(), .. Be(id)]);

    /// <summary>The prefix of every dispute an account opened or answers.</summary>
    public static byte[] AccountScanPrefix(Address account) => [.. System.Text.Encoding.ASCII.GetBytes(AccountPrefix), .. account.ToBytes()];

    private static StateKey OpenKey(byte[] fundsKey) => StateKey.Of("disputes/open/", fundsKey);

    private static StateKey SettledKey(SlotId slot) => StateKey.Of("disputes/settled/", Be((ulong)slot.Index));

    public static Dispute? Get(IState state, ulong id) => state.Get(DisputeKey(id)) is { } raw ? Dispute.Decode(id, raw) : null;

    internal static void Set(IState state, Dispute d) => state.Set(DisputeKey(d.Id), d.Encode());

    /// <summary>The id the next dispute gets (ids start at 1).</summary>
    public static ulong NextId(IState state) => state.Get(NextIdKey) is { } raw ? BinaryPrimitives.ReadUInt64LittleEndian(raw) : 1;

    internal static ulong TakeId(IState state)
    {
        var id = NextId(state);
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, checked(id + 1));
        state.Set(NextIdKey, b);
        return id;
    }

    /// <summary>The open dispute over these funds (<see cref="DisputeSubject.FundsKey"/>), if any.</summary>
    public static ulong? OpenOver(IState state, byte[] fundsKey) =>
        state.Get(OpenKey(fundsKey)) is { } raw ? BinaryPrimitives.ReadUInt64LittleEndian(raw) : null;

    internal static void SetOpenOver(IState state, byte[] fundsKey, ulong id)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, id);
        state.Set(OpenKey(fundsKey), b);
    }

    internal static void ClearOpenOver(IState state, byte[] fundsKey) => state.Delete(OpenKey(fundsKey));

    /// <summary>When the slot's trades settled (block time), as the settlement hook recorded it.</summary>
    public static long? SettledAt(IState state, SlotId slot) =>
        state.Get(SettledKey(slot)) is { } raw ? BinaryPrimitives.ReadInt64LittleEndian(raw) : null;

    internal static void MarkSettled(IState state, SlotId slot, long time)
    {
        var key = SettledKey(slot);
        if (state.Get(key) is null) state.Set(key, Le(time));
    }

    /// <summary>The council governance has set, or null when the DSO arbitrates.</summary>
    public static DisputeCouncil? Council(IState state)
    {
        if (state.Get(CouncilKey) is not { } raw) return null;
        var r = new CanonicalReader(raw);
        var council = DisputeCouncil.Decode(ref r);
        r.End("council");
        return r.Ok ? council : throw new InvalidOperationException($"corrupt dispute council: {r.Error}");
    }

    internal static void SetCouncil(IState state, DisputeCouncil council)
    {
        if (council.Members.Count == 0)
        {
            state.Delete(CouncilKey);
            return;
        }

        var w = new CanonicalWriter(8 + (council.Members.Count * Address.Size));
        council.Encode(w);
        state.Set(CouncilKey, w.ToArray());
    }
}
