using System.Buffers.Binary;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The open disputes ordered by (deadline, id), as a doubly linked list in state (<c>disputes/due/{id}</c> holds
/// deadline, prev, next; <c>disputes/due_ends</c> head and tail), so the end of a block reads only the head. Inserting walks
/// back from the tail, which is O(1) while the ruling window is unchanged (deadlines then only grow).</summary>
internal static class DueList
{
    private static readonly StateKey EndsKey = StateKey.Of("disputes/due_ends");

    private readonly record struct Node(long Deadline, ulong Prev, ulong Next);

    private static StateKey NodeKey(ulong id) => StateKey.Of("disputes/due/", DisputesStore.Be(id));

    private static Node Get(IState state, ulong id)
    {
        var raw = state.Get(NodeKey(id)) ?? throw new InvalidOperationException($"the due list names dispute {id}, which it does not hold");
        return new Node(BinaryPrimitives.ReadInt64LittleEndian(raw), BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(8)),
            BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(16)));
    }

    private static void Set(IState state, ulong id, Node n)
    {
        var b = new byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(b, n.Deadline);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), n.Prev);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), n.Next);
        state.Set(NodeKey(id), b);
    }

    private static (ulong Head, ulong Tail) Ends(IState state) => state.Get(EndsKey) is { } raw
        ? (BinaryPrimitives.ReadUInt64LittleEndian(raw), BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(8)))
        : (0, 0);

    private static void SetEnds(IState state, ulong head, ulong tail)
    {
        if (head == 0)
        {
            state.Delete(EndsKey);
            return;
        }

        var b = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(b, head);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), tail);
        state.Set(EndsKey, b);
    }

    /// <summary>Whether the dispute waits on the list for its default ruling.</summary>
    public static bool Contains(IState state, ulong id) => state.Get(NodeKey(id)) is not null;

    /// <summary>The open dispute due first, with its deadline, or null when none is open.</summary>
    public static (ulong Id, long Deadline)? First(IState state)
    {
        var head = Ends(state).Head;
        return head == 0 ? null : (head, Get(state, head).Deadline);
    }

    /// <summary>Adds a dispute after every one due before or at the same time (ties keep id order, as ids grow).</summary>
    public static void Insert(IState state, ulong id, long deadline)
    {
        var (head, tail) = Ends(state);
        var after = tail;
        while (after != 0)
        {
            var n = Get(state, after);
            if (n.Deadline <= deadline) break;
            after = n.Prev;
        }

        var next = after == 0 ? head : Get(state, after).Next;
        Set(state, id, new Node(deadline, after, next));
        if (after != 0) Set(state, after, Get(state, after) with { Next = id });
        else head = id;
        if (next != 0) Set(state, next, Get(state, next) with { Prev = id });
        else tail = id;
        SetEnds(state, head, tail);
    }

    public static void Remove(IState state, ulong id)
    {
        var n = Get(state, id);
        var (head, tail) = Ends(state);
        if (n.Prev != 0) Set(state, n.Prev, Get(state, n.Prev) with { Next = n.Next });
        else head = n.Next;
        if (n.Next != 0) Set(state, n.Next, Get(state, n.Next) with { Prev = n.Prev });
        else tail = n.Prev;
        state.Delete(NodeKey(id));
        SetEnds(state, head, tail);
    }

    /// <summary>Every entry from head to tail (tests and invariant checks).</summary>
    public static IReadOnlyList<(ulong Id, long Deadline)> All(IState state)
    {
        var list = new List<(ulong, long)>();
        for (var id = Ends(state).Head; id != 0;)
        {
            var n = Get(state, id);
            list.Add((id, n.Deadline));
            id = n.Next;
        }

        return list;
    }
}
