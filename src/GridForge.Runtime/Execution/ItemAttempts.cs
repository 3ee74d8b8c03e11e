using System.Buffers.Binary;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution;

/// <summary>Consecutive failures of a module's end-of-block item (a slot to settle, a gate to close), kept in state under the
/// module's prefix (<c>{module}/attempts/{kind}/{id}</c>) so every node retries the same items the same number of times. An
/// item is tried at most <see cref="Max"/> blocks in a row; then the module sets it aside in a defined state.</summary>
internal static class ItemAttempts
{
    /// <summary>How many blocks in a row an item may fail before its module gives up on it.</summary>
    public const int Max = 3;

    private static StateKey Key(string module, string kind, long id)
    {
        Span<byte> k = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(k, id);
        return StateKey.Of($"{module}/attempts/{kind}/", k);
    }

    /// <summary>Records one more failure of the item; returns how many in a row it has now (the record is cleared at <see cref="Max"/>,
    /// when the caller gives up).</summary>
    public static int Failed(IState state, string module, string kind, long id)
    {
        var key = Key(module, kind, id);
        var count = (state.Get(key) is { } raw ? raw[0] : 0) + 1;
        if (count >= Max) state.Delete(key);
        else state.Set(key, [(byte)count]);
        return count;
    }

    /// <summary>The item ran: forget its earlier failures.</summary>
    public static void Succeeded(IState state, string module, string kind, long id)
    {
        var key = Key(module, kind, id);
        if (state.Get(key) is not null) state.Delete(key);
    }
}
