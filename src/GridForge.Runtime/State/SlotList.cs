using System.Buffers.Binary;

namespace GridForge.Runtime.State;

/// <summary>An ascending list of slot indexes stored as one value (open books, slots awaiting settlement).</summary>
internal static class SlotList
{
    public static IReadOnlyList<long> Decode(byte[]? raw)
    {
        if (raw is null) return [];
        var list = new long[raw.Length / 8];
        for (var i = 0; i < list.Length; i++) list[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * 8));
        return list;
    }

    public static void Set(IState state, StateKey key, IReadOnlyList<long> slots)
    {
        if (slots.Count == 0)
        {
            state.Delete(key);
            return;
        }

        var b = new byte[slots.Count * 8];
        for (var i = 0; i < slots.Count; i++) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(i * 8), slots[i]);
        state.Set(key, b);
    }

    /// <summary>The list with <paramref name="slot"/> added in order (unchanged when present).</summary>
    public static IReadOnlyList<long> With(IReadOnlyList<long> slots, long slot)
    {
        // The usual case, a new largest entry (the next order id, a later slot) on a list in order: appended, with no search or sort.
        var appends = true;
        for (var i = 0; i < slots.Count && appends; i++) appends = slots[i] < (i + 1 < slots.Count ? slots[i + 1] : slot);
        if (appends)
        {
            var longer = new long[slots.Count + 1];
            for (var i = 0; i < slots.Count; i++) longer[i] = slots[i];
            longer[^1] = slot;
            return longer;
        }

        return slots.Contains(slot) ? slots : [.. slots.Append(slot).Order()];
    }
}
