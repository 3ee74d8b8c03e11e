using GridForge.Chain.Storage;
using GridForge.Chain.Verification;
using GridForge.Core.Encoding;
using GridForge.Runtime.Execution;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Storage;

/// <summary>Storage formats: a store of another format is refused at open; <c>gridforge storage migrate</c>'s steps bring it to
/// the current one without losing anything, and a format change no step bridges (2 → 3) is refused with what to do
/// (docs/operations.md).</summary>
public sealed class StorageMigrationTests : ChainTestBase
{
    /// <summary>Rewrites a format-2 store as format 1 wrote it (each result's events as JSON text, no format in meta):
    /// the layout before commit 6899fc4, made here from a real chain.</summary>
    private void DowngradeToFormat1()
    {
        foreach (var height in Enumerable.Range(1, (int)Chain.Height))
        {
            var blob = Chain.SqlBlob("SELECT results FROM blocks WHERE height = $h", ("$h", height));
            var reader = new CanonicalReader(blob);
            var count = (int)reader.U32();
            var header = 4 + (4 * (count + 1));
            var entries = new CanonicalWriter();
            var offsets = new uint[count + 1];
            for (var i = 0; i < count; i++)
            {
                var at = new CanonicalReader(blob.AsSpan(4 + (4 * i), 4)).U32();
                var entry = new CanonicalReader(blob.AsSpan(header + (int)at));
                var message = entry.String(int.MaxValue, "message");
                var events = EventCodec.Read(ref entry);
                offsets[i] = (uint)entries.Length;
                entries.String(message).String(EventJson.Write(events));
            }

            offsets[count] = (uint)entries.Length;
            var v1 = new CanonicalWriter();
            v1.U32((uint)count);
            foreach (var o in offsets) v1.U32(o);
            v1.Raw(entries.WrittenSpan);
            Chain.Sql("UPDATE blocks SET results = $r WHERE height = $h", ("$r", v1.ToArray()), ("$h", height));
        }

        Chain.Sql("DELETE FROM meta WHERE key = 'format'");
    }

    [Fact]
    public void TheFormat1To2Step_RewritesEveryResult_AndKeepsEveryEvent()
    {
        var txs = new List<Runtime.Transactions.Transaction>();
        for (ulong n = 0; n < 3; n++)
        {
            var tx = Build.A.Transfer.From(Alice).To(Bob).Amount(1_000 + n).WithNonce(n).Signed();
            txs.Add(tx);
            Chain.Submit(tx);
            Chain.Produce();
        }

        var before = txs.Select(t => Chain.Node.GetTxStatus(t.Id).Committed!.EventsJson).ToList();
        Assert.All(before, e => Assert.Contains("transfer", e, StringComparison.Ordinal));
        var directory = Chain.DataDirectory;
        Chain.Stop();
        DowngradeToFormat1();
        Assert.Equal("1", StorageMigrations.FormatOf(directory));
        // Described whatever its format (a backup is taken before a migration).
        Assert.Equal((DevChain.ChainId, 3UL), StorageMigrations.Describe(directory) is { } d ? (d.ChainId, d.Height) : default);
        Assert.Contains("storage format 1", Assert.Throws<InvalidOperationException>(() => BlockStore.Open(directory)).Message, StringComparison.Ordinal);

        // The step alone (the whole path from 1 ends at the 2 → 3 break): results in binary again, every event kept.
        StorageMigrations.Run(directory, [StorageMigrations.Steps.Single(s => s.From == "1")], _ => { });

        Assert.Equal("2", StorageMigrations.FormatOf(directory));
        Chain.Sql("UPDATE meta SET value = $v WHERE key = 'format'", ("$v", System.Text.Encoding.UTF8.GetBytes(BlockStore.StorageFormat)));
        Assert.True(ChainVerifier.Verify(directory).Ok);
        Chain.Restart();
        Assert.Equal(before, txs.Select(t => Chain.Node.GetTxStatus(t.Id).Committed!.EventsJson));
        Assert.Empty(StorageMigrations.Migrate(directory, _ => { }));
    }

    [Theory]
    [InlineData("1", "3")]
    [InlineData("2", "3")]
    [InlineData("3", "4")]
    public void AStoreBeforeAFormatBreak_IsNotMigrated_AndStaysAsItWas(string format, string brokenAt)
    {
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Signed());
        Chain.Produce();
        var directory = Chain.DataDirectory;
        Chain.Stop();
        Chain.Sql("UPDATE meta SET value = $v WHERE key = 'format'", ("$v", System.Text.Encoding.UTF8.GetBytes(format)));
        var results = Chain.SqlBlob("SELECT results FROM blocks WHERE height = 1");

        var refused = Assert.Throws<InvalidOperationException>(() => StorageMigrations.Migrate(directory, _ => { }));

        Assert.Null(StorageMigrations.Plan(format));
        Assert.Contains($"cannot be migrated to format {brokenAt}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("new data directory", refused.Message, StringComparison.Ordinal);
        Assert.Equal(format, StorageMigrations.FormatOf(directory));
        Assert.Equal(results, Chain.SqlBlob("SELECT results FROM blocks WHERE height = 1"));
    }

    [Fact]
    public void AStoreOfAFormatNoStepLeadsFrom_IsNotMigrated()
    {
        Chain.Produce();
        var directory = Chain.DataDirectory;
        Chain.Stop();
        Chain.Sql("UPDATE meta SET value = $v WHERE key = 'format'", ("$v", "99"u8.ToArray()));
        Assert.Null(StorageMigrations.Plan("99"));
        Assert.Contains("newer gridforge", Assert.Throws<InvalidOperationException>(() => StorageMigrations.Migrate(directory, _ => { })).Message,
            StringComparison.Ordinal);
    }
}
