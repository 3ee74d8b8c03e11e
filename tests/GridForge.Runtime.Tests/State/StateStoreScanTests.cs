using CsCheck;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Tests.State;

public class StateStoreScanTests
{
    [Fact]
    public void Scan_ReturnsExactlyTheKeysWithThePrefix_InKeyOrder_AfterRandomWritesAndDeletes()
    {
        var key = Gen.Byte[0, 3].Array[1, 4];
        Gen.Select(key.Array[0, 60], key.Array[0, 20], key).Sample((written, deleted, prefix) =>
        {
            var store = new StateStore();
            foreach (var k in written) store.Set(new StateKey(k), [1]);
            foreach (var k in deleted) store.Delete(new StateKey(k));
            var expected = store.Snapshot().Where(kv => kv.Key.StartsWith(prefix)).Select(kv => Convert.ToHexString(kv.Key.Bytes)).ToList();
            var naive = written.Select(Convert.ToHexString).Except(deleted.Select(Convert.ToHexString)).Distinct()
                .Where(h => h.StartsWith(Convert.ToHexString(prefix), StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var actual = store.Scan(prefix).Select(kv => Convert.ToHexString(kv.Key.Bytes)).ToList();
            Assert.Equal(naive, actual);
            Assert.Equal(expected, actual);
        }, iter: 2_000);
    }

    [Fact]
    public void Scan_SeesKeysWrittenByABlockAndLoadedOnRestart()
    {
        var store = new StateStore();
        var overlay = new StateOverlay(store);
        overlay.Set(StateKey.Of("a/1"), [1]);
        overlay.Set(StateKey.Of("a/2"), [2]);
        overlay.Set(StateKey.Of("b/1"), [3]);
        store.Apply(overlay.SortedWrites());
        Assert.Equal(["a/1", "a/2"], store.Scan("a/"u8).Select(kv => kv.Key.ToString()));
        var reloaded = StateStore.Load(store.Snapshot().Select(kv => new KeyValuePair<byte[], byte[]>(kv.Key.Bytes, kv.Value)));
        Assert.Equal(["b/1"], reloaded.Scan("b/"u8).Select(kv => kv.Key.ToString()));
        Assert.Empty(reloaded.Scan("c"u8));
    }
}
