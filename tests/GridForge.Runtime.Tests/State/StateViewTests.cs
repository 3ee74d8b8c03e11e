using CsCheck;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Tests.State;

/// <summary>Issue 13, item 2: a block's values become visible only when published (after they are durable), all at once; a view
/// reads one height to the end, whatever is published beside it; and the store keeps only what open views still need.</summary>
public sealed class StateViewTests
{
    private static KeyValuePair<StateKey, byte[]?> Change(string key, byte? value) => new(StateKey.Of(key), value is { } v ? [v] : null);

    private static void Commit(StateStore store, ulong height, params KeyValuePair<StateKey, byte[]?>[] changes)
    {
        var sorted = changes.OrderBy(c => c.Key).ToList();
        store.Stage(sorted);
        store.Publish(sorted, height);
    }

    private static string Dump(IScannableState state, string prefix) =>
        string.Join(",", state.Scan(System.Text.Encoding.ASCII.GetBytes(prefix)).Select(kv => $"{kv.Key}={kv.Value[0]}"));

    [Fact]
    public void AStagedBlock_IsInvisibleUntilPublished_AndAnUnstagedOneNeverWasVisible()
    {
        var store = new StateStore();
        Commit(store, 1, Change("a/1", 1));
        var root1 = store.Root;

        var next = new[] { Change("a/1", 2), Change("a/2", 2) }.ToList();
        var root2 = store.Stage(next);
        Assert.NotEqual(root1, root2);
        Assert.Equal((1UL, root1, "a/1=1"), (store.Height, store.Root, Dump(store, "a/")));
        using (var view = store.OpenView()) Assert.Equal((1UL, "a/1=1"), (view.Height, Dump(view, "a/")));

        store.Unstage();
        Assert.Equal((1UL, root1, "a/1=1"), (store.Height, store.Root, Dump(store, "a/")));
        Assert.Equal(root2, store.Stage(next));
        store.Publish(next, 2);
        Assert.Equal((2UL, root2, "a/1=2,a/2=2"), (store.Height, store.Root, Dump(store, "a/")));
        Assert.Equal(root2, store.Prove(StateKey.Of("a/1")).Root);
    }

    [Fact]
    public void AView_ReadsItsHeight_ToTheEnd_WhileLaterBlocksChangeAddAndDeleteItsKeys()
    {
        var store = new StateStore();
        Commit(store, 1, Change("a/1", 1), Change("a/2", 1), Change("a/3", 1));
        using var at1 = store.OpenView();
        Commit(store, 2, Change("a/1", 2), Change("a/2", null), Change("a/4", 2));
        using var at2 = store.OpenView();
        Commit(store, 3, Change("a/1", 3), Change("a/3", null), Change("a/2", 3));

        Assert.Equal((1UL, "a/1=1,a/2=1,a/3=1"), (at1.Height, Dump(at1, "a/")));
        Assert.Equal((2UL, "a/1=2,a/3=1,a/4=2"), (at2.Height, Dump(at2, "a/")));
        Assert.Equal("a/1=3,a/2=3,a/4=2", Dump(store, "a/"));
        Assert.Equal([(byte)1], at1.Get(StateKey.Of("a/1"))!);
        Assert.Null(at1.Get(StateKey.Of("a/4")));
        Assert.Null(at2.Get(StateKey.Of("a/2")));
        Assert.Throws<InvalidOperationException>(() => at1.Set(StateKey.Of("a/9"), [9]));
    }

    [Fact]
    public void RandomBlocksAndViews_EachViewReadsExactlyTheStateOfItsHeight()
    {
        var key = Gen.Int[0, 7].Select(i => $"k/{i}");
        var change = Gen.Select(key, Gen.Byte[0, 3]).Select((k, v) => new KeyValuePair<string, byte?>(k, v == 0 ? null : v));
        Gen.Select(change.Array[1, 5].Array[1, 12], Gen.Int[0, 11].Array[0, 6]).Sample((blocks, opens) =>
        {
            var store = new StateStore();
            var model = new Dictionary<string, byte>();
            var snapshots = new List<(StateView View, string Expected)>();
            for (var h = 0; h < blocks.Length; h++)
            {
                if (opens.Contains(h)) snapshots.Add(
                    (store.OpenView(), string.Join(",", model.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))));
                var changes = blocks[h].GroupBy(c => c.Key).Select(g => g.Last()).Select(c => Change(c.Key, c.Value)).ToArray();
                Commit(store, (ulong)h + 1, changes);
                foreach (var c in blocks[h].GroupBy(c => c.Key).Select(g => g.Last()))
                {
                    if (c.Value is { } v) model[c.Key] = v;
                    else model.Remove(c.Key);
                }
            }

            foreach (var (view, expected) in snapshots)
            {
                Assert.Equal(expected, Dump(view, "k/"));
                view.Dispose();
            }

            Assert.Equal(string.Join(",", model.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")), Dump(store, "k/"));
        }, iter: 500);
    }
}
