using System.Buffers.Binary;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.State;

/// <summary>Reads the ids index keys end with (an owner's orders, a party's contracts, an account's disputes: a prefix, the
/// account, then the id big-endian, so a prefix scan lists them in order). Only the modules' queries use it: no reader outside a
/// module decodes a key.</summary>
internal static class KeyTail
{
    /// <summary>The scan prefix of one account's index: <paramref name="prefix"/> (ASCII), then the account.</summary>
    public static byte[] Prefix(string prefix, Address account) => [.. System.Text.Encoding.ASCII.GetBytes(prefix), .. account.ToBytes()];

    /// <summary>The big-endian u64 the key ends with.</summary>
    public static ulong U64(StateKey key) => BinaryPrimitives.ReadUInt64BigEndian(key.Span[^8..]);

    /// <summary>The slot (big-endian u64) and sequence (big-endian u32) the key ends with.</summary>
    public static (SlotId Slot, uint Seq) SlotSeq(StateKey key) =>
        (new SlotId((long)BinaryPrimitives.ReadUInt64BigEndian(key.Span[^12..])), BinaryPrimitives.ReadUInt32BigEndian(key.Span[^4..]));

    /// <summary>The ids the keys under <paramref name="prefix"/> end with, in key order.</summary>
    public static IEnumerable<ulong> Ids(IScannableState state, ReadOnlySpan<byte> prefix) => state.Scan(prefix).Select(kv => U64(kv.Key));

    /// <summary>The slots and sequences the keys under <paramref name="prefix"/> end with, in key order.</summary>
    public static IEnumerable<(SlotId Slot, uint Seq)> SlotSeqs(IScannableState state, ReadOnlySpan<byte> prefix) =>
        state.Scan(prefix).Select(kv => SlotSeq(kv.Key));
}
