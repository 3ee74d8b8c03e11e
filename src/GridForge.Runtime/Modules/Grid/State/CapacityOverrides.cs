using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The capacity overrides of one direction of a link: disjoint slot ranges in ascending order. A newer
/// override replaces what an older one said about the same slots.</summary>
public sealed class CapacityOverrides
{
    public static readonly CapacityOverrides None = new([]);

    private CapacityOverrides(IReadOnlyList<CapacityOverride> ranges) => Ranges = ranges;

    public IReadOnlyList<CapacityOverride> Ranges { get; }

    /// <summary>The overriding capacity for <paramref name="slot"/>, or null where the link's normal capacity applies.</summary>
    public long? For(SlotId slot)
    {
        foreach (var r in Ranges)
        {
            if (r.Covers(slot)) return r.Capacity;
            if (r.First.Index > slot.Index) break;
        }

        return null;
    }

    /// <summary>These overrides with <paramref name="first"/>..<paramref name="last"/> cut out and, unless
    /// <paramref name="capacity"/> is null (back to normal), set to it; ranges that ended before
    /// <paramref name="keepFrom"/> are dropped, so the list only holds what still matters.</summary>
    public CapacityOverrides With(SlotId first, SlotId last, long? capacity, SlotId keepFrom)
    {
        var list = new List<CapacityOverride>(Ranges.Count + 2);
        foreach (var r in Ranges)
        {
            if (r.Last.Index < keepFrom.Index) continue;
            if (r.Last.Index < first.Index || r.First.Index > last.Index)
            {
                list.Add(r);
                continue;
            }

            // The old range overlaps: keep what lies outside the new one.
            if (r.First.Index < first.Index) list.Add(r with { Last = new SlotId(first.Index - 1) });
            if (r.Last.Index > last.Index) list.Add(r with { First = new SlotId(last.Index + 1) });
        }

        if (capacity is { } c) list.Add(new CapacityOverride(first, last, c));
        list.Sort((a, b) => a.First.Index.CompareTo(b.First.Index));
        return new CapacityOverrides(list);
    }

    public byte[] Encode()
    {
        var w = new CanonicalWriter(4 + (Ranges.Count * 24));
        w.U32((uint)Ranges.Count);
        foreach (var r in Ranges) w.I64(r.First.Index).I64(r.Last.Index).I64(r.Capacity);
        return w.ToArray();
    }

    public static CapacityOverrides Decode(byte[]? raw)
    {
        if (raw is null) return None;
        var r = new CanonicalReader(raw);
        var count = r.U32("override count");
        var list = new List<CapacityOverride>();
        for (var i = 0; i < count && r.Ok; i++) list.Add(new CapacityOverride(new SlotId(r.I64("first")), new SlotId(r.I64("last")), r.I64("capacity")));
        r.End("capacity overrides");
        return r.Ok ? new CapacityOverrides(list) : throw new InvalidOperationException($"corrupt capacity overrides: {r.Error}");
    }
}
