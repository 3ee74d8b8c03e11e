using GridForge.Chain.Blocks;
using GridForge.Chain.Storage;
using GridForge.Chain.Tests.Harness;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Chain.Tests.Storage;

/// <summary>The block commit writes each state change as a row (upserts and deletes by key, bound straight into SQLite): what a
/// restart reads back is exactly the state the blocks left, whatever the values' bytes; and the write-ahead log those commits
/// append to is folded into the database file by a thread of its own.</summary>
public sealed class StateRowsTests
{
    private static readonly StateKey Empty = StateKey.Of("test/empty/", [1]);
    private static readonly StateKey Kept = StateKey.Of("test/kept/", [2]);
    private static readonly StateKey Gone = StateKey.Of("test/gone/", [3]);

    private static void Commit(BlockStore store, ulong height, params KeyValuePair<StateKey, byte[]?>[] changes)
    {
        var header = new BlockHeader("rows-test", height, 0, Hash32.Zero, Hash32.Zero, Hash32.Zero, Address.None, Hash32.Zero, Hash32.Zero, Hash32.Zero);
        var block = new Block(header, [], null, []);
        store.CommitBlock(block, new Commit(height, 0, block.Hash(), []), [], [], [.. changes.OrderBy(c => c.Key)]);
    }

    private static KeyValuePair<StateKey, byte[]?> Row(StateKey key, byte[]? value) => new(key, value);

    private static Dictionary<string, byte[]> Rows(BlockStore store) =>
        store.ReadState().ToDictionary(kv => Convert.ToHexString(kv.Key), kv => kv.Value);

    [Fact]
    public void AnEmptyValue_IsStoredAsAnEmptyValue_NotAsAMissingOne()
    {
        using var dir = new TempDirectory();
        using (var store = BlockStore.Open(dir.Path))
        {
            Commit(store, 1, Row(Empty, []), Row(Kept, [7, 8, 9]));
        }

        using var reopened = BlockStore.Open(dir.Path);
        var rows = Rows(reopened);
        Assert.Equal([], rows[Convert.ToHexString(Empty.Span)]);
        Assert.Equal([7, 8, 9], rows[Convert.ToHexString(Kept.Span)]);
    }

    [Fact]
    public void LaterBlocks_ReplaceAndDeleteRows_AndABlockWhoseRowFails_LeavesNothing_AndTheNextCommits()
    {
        using var dir = new TempDirectory();
        using var store = BlockStore.Open(dir.Path);
        Commit(store, 1, Row(Kept, [1]), Row(Gone, [2]));
        // The third state row of block 2 fails (as a full disk would): nothing of the block stays, and the statements run again.
        var failing = StateKey.Of("test/refused/", [9]);
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, "chain.db")}"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"CREATE TRIGGER refuse BEFORE INSERT ON state WHEN NEW.key = X'{Convert.ToHexString(failing.Span)}' " +
                "BEGIN SELECT RAISE(ABORT, 'disk says no'); END";
            cmd.ExecuteNonQuery();
        }

        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => Commit(store, 2, Row(Kept, [5]), Row(Gone, null), Row(failing, [1])));
        Assert.Equal(1UL, store.Height);
        Assert.Null(store.GetRawBlock(2));
        Assert.Equal([1], Rows(store)[Convert.ToHexString(Kept.Span)]);
        Assert.True(Rows(store).ContainsKey(Convert.ToHexString(Gone.Span)));

        Commit(store, 2, Row(Kept, [3, 4]), Row(Gone, null));

        var rows = Rows(store);
        Assert.Equal([3, 4], rows[Convert.ToHexString(Kept.Span)]);
        Assert.False(rows.ContainsKey(Convert.ToHexString(Gone.Span)));
        Assert.Equal(2UL, store.Height);
    }

    [Fact]
    public void AReadOnlyStore_RefusesABlock()
    {
        using var dir = new TempDirectory();
        using (var store = BlockStore.Open(dir.Path)) Commit(store, 1, Row(Kept, [1]));
        using var readOnly = BlockStore.Open(dir.Path, readOnly: true);

        Assert.Throws<InvalidOperationException>(() => Commit(readOnly, 2, Row(Kept, [2])));
        Assert.Equal([1], Rows(readOnly)[Convert.ToHexString(Kept.Span)]);
    }

    [Fact]
    public async Task TheLog_IsFoldedIntoTheDatabaseFile_InTheBackground_AndEveryRowIsThereAfterAReopen()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "chain.db");
        long before;
        using (var store = BlockStore.Open(dir.Path))
        {
            before = new FileInfo(file).Length;
            // 20 blocks of 500 rows of 200 bytes: about 2 MB of pages, short of the writer's own checkpoint threshold.
            for (ulong h = 1; h <= 20; h++)
            {
                var rows = Enumerable.Range(0, 500).Select(i => Row(StateKey.Of("test/bulk/", [(byte)h, (byte)(i >> 8), (byte)(i & 0xFF)]), new byte[200]));
                Commit(store, h, [.. rows]);
            }

            // Folded in the background: the database file itself grows to hold the rows (it may take a few checkpoints).
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (new FileInfo(file).Length <= before + 1_000_000 && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
            Assert.True(new FileInfo(file).Length > before + 1_000_000, $"the database file holds {new FileInfo(file).Length} bytes after 30 s");
            Assert.True(store.CheckpointRuns > 0);
        }

        using var reopened = BlockStore.Open(dir.Path);
        Assert.Equal(20 * 500, reopened.ReadState().Count());
        Assert.Equal(20UL, reopened.Height);
    }
}
