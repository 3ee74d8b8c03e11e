using GridForge.Runtime.State;

namespace GridForge.Tests.TestKit;

/// <summary>Compares full state snapshots (<see cref="StateStore.Snapshot"/>), key by key.</summary>
public static class StateAssert
{
    /// <summary>Keys added, removed or changed between two snapshots, in key order.</summary>
    public static IReadOnlyList<StateKey> ChangedKeys(
        IReadOnlyList<KeyValuePair<StateKey, byte[]>> before, IReadOnlyList<KeyValuePair<StateKey, byte[]>> after)
    {
        var old = before.ToDictionary(kv => kv.Key, kv => kv.Value);
        var changed = new SortedSet<StateKey>();
        foreach (var (key, value) in after)
        {
            if (!old.Remove(key, out var was) || !was.AsSpan().SequenceEqual(value)) changed.Add(key);
        }

        changed.UnionWith(old.Keys);
        return [.. changed];
    }

    public static void Unchanged(IReadOnlyList<KeyValuePair<StateKey, byte[]>> before, IReadOnlyList<KeyValuePair<StateKey, byte[]>> after) =>
        Assert.Empty(ChangedKeys(before, after).Select(k => k.ToString()));
}
