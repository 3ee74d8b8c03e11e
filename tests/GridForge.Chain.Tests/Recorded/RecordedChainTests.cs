using GridForge.Chain.Blocks;
using GridForge.Chain.Storage;
using GridForge.Chain.Verification;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Recorded;

/// <summary>Issue 15's proof that refactoring changed no behaviour: a chain recorded by an earlier version (the dev community
/// over a simulated day, committed as test data) replays on this one to the same transaction codes, messages, events,
/// end-of-block events and state root at every height. Plus the archive format that carries it (<c>gridforge chain export</c>).</summary>
public sealed class RecordedChainTests : ChainTestBase
{
    /// <summary>Recorded with <c>./gridforge node --dev --speed 240 --community 12</c> and <c>gridforge chain export</c>
    /// (Recorded/README.md says how to record it again and when that is allowed).</summary>
    private static readonly string DevCommunityDay = Path.Combine(AppContext.BaseDirectory, "Recorded", "dev-community-day.chain.gz");

    private static ChainArchive Read(string path)
    {
        using var file = File.OpenRead(path);
        return ChainArchive.Read(file);
    }

    [Fact]
    public void ADevCommunityDayRecordedEarlier_ReplaysToTheSameResultsAndStateRootAtEveryHeight()
    {
        var archive = Read(DevCommunityDay);

        var report = ChainVerifier.Verify(archive);

        Assert.True(report.Ok, report.ToString());
        Assert.Equal(archive.Height, report.Height);
    }

    [Fact]
    public void TheRecordedDay_CoversADayOfTheCommunitysTradingAndSettlement()
    {
        var archive = Read(DevCommunityDay);
        var registry = ChainRuntime.StandardModules().Registry;
        var genesis = GenesisDocument.Parse(archive.GenesisJson!);
        var last = Block.Decode(archive.Get(archive.Height)!.Header, archive.Get(archive.Height)!.Body, registry);
        var kinds = new HashSet<string>();
        for (ulong h = 1; h <= archive.Height; h++)
        {
            var block = Block.Decode(archive.Get(h)!.Header, archive.Get(h)!.Body, registry);
            foreach (var tx in block.Transactions) kinds.Add(tx.Message.GetType().Name);
        }

        Assert.True(last.Header.Time - genesis.GenesisTime >= 24 * 3600, $"the recording spans {(last.Header.Time - genesis.GenesisTime) / 3600} h");
        Assert.Contains("\"slot_settled\"", string.Concat(Enumerable.Range(1, (int)archive.Height).Select(h => archive.Get((ulong)h)!.EndBlockEvents)));
        Assert.True(kinds.Count >= 3, $"only {string.Join(", ", kinds)} in the recording");
    }

    [Fact]
    public void AnArchiveWhoseRecordedEventsDifferFromReexecution_IsBadAtThatHeight()
    {
        var archive = Read(DevCommunityDay);
        var height = FirstHeight(archive, b => b.EndBlockEvents != "[]");
        var altered = new AlteredChain(archive, height,
            b => b with { EndBlockEvents = b.EndBlockEvents.Replace("_settled\"", "_unsettled\"", StringComparison.Ordinal) + " " });

        var report = ChainVerifier.Verify(altered);

        Assert.Equal(new VerifyReport(false, height, "the stored end-of-block events differ from re-execution"), report);
    }

    [Fact]
    public void AnArchiveWhoseRecordedTransactionResultsDifferFromReexecution_IsBadAtThatHeight()
    {
        var archive = Read(DevCommunityDay);
        var height = FirstHeight(archive, b => b.Results.Length > 8);
        var altered = new AlteredChain(archive, height, b =>
        {
            var results = b.Results.ToArray();
            results[^1] ^= 1;
            return b with { Results = results };
        });

        Assert.Equal(height, ChainVerifier.Verify(altered).Height);
        Assert.False(ChainVerifier.Verify(altered).Ok);
    }

    [Fact]
    public void Export_ThenRead_GivesTheSameChain_AndItVerifies()
    {
        for (ulong n = 0; n < 3; n++)
        {
            Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(100 + n).WithNonce(n).Signed());
            Chain.Submit(Build.A.Transfer.From(Bob).To(Charlie).Amount(1).Of(Token.Grid).WithNonce(n).Signed());
            Chain.Produce();
        }

        Chain.Stop();
        using var store = BlockStore.Open(Chain.DataDirectory, readOnly: true);
        using var file = new MemoryStream();

        var written = ChainArchive.Write(store, ChainRuntime.StandardModules().Registry, file);
        file.Position = 0;
        var archive = ChainArchive.Read(file);

        Assert.Equal(3UL, written);
        Assert.Equal(store.GenesisJson, archive.GenesisJson);
        for (ulong h = 1; h <= 3; h++) Assert.Equivalent(store.Get(h), archive.Get(h), strict: true);
        Assert.Equal(new VerifyReport(true, 3, null), ChainVerifier.Verify(archive));
    }

    [Fact]
    public void Read_OfAFileCutShort_IsRefusedWithWhereItStopped()
    {
        var bytes = File.ReadAllBytes(DevCommunityDay);
        using var gzip = new MemoryStream();
        using (var raw = new MemoryStream(bytes))
        using (var unzip = new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress))
        using (var rezip = new System.IO.Compression.GZipStream(gzip, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var content = new MemoryStream();
            unzip.CopyTo(content);
            rezip.Write(content.GetBuffer().AsSpan(0, (int)content.Length - 100));
        }

        gzip.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => ChainArchive.Read(gzip));

        Assert.StartsWith("corrupt chain archive after ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OfAFileThatIsNotAnArchive_IsRefused()
    {
        using var notGzip = new MemoryStream("genesis"u8.ToArray());
        using var otherGzip = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(otherGzip, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) z.Write(
            "{\"chain_id\":1}"u8);
        otherGzip.Position = 0;

        Assert.StartsWith("not a chain archive", Assert.Throws<InvalidDataException>(() => ChainArchive.Read(notGzip)).Message, StringComparison.Ordinal);
        Assert.StartsWith("not a chain archive", Assert.Throws<InvalidDataException>(() => ChainArchive.Read(otherGzip)).Message, StringComparison.Ordinal);
    }

    private static ulong FirstHeight(IRecordedChain chain, Func<RecordedBlock, bool> predicate)
    {
        for (ulong h = 1; h <= chain.Height; h++)
        {
            if (predicate(chain.Get(h)!)) return h;
        }

        throw new InvalidOperationException("no block in the recording matches");
    }

    /// <summary>A recorded chain with one block altered.</summary>
    private sealed class AlteredChain(IRecordedChain inner, ulong height, Func<RecordedBlock, RecordedBlock> alter) : IRecordedChain
    {
        public string? GenesisJson => inner.GenesisJson;

        public ulong Height => inner.Height;

        public RecordedBlock? Get(ulong h) => inner.Get(h) is { } b && h == height ? alter(b) : inner.Get(h);

        public IReadOnlyList<string?>? Codes(ulong h, IReadOnlyList<Hash32> txIds) => inner.Codes(h, txIds);
    }
}
