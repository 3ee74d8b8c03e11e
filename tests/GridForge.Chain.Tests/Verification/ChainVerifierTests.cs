using GridForge.Chain.Verification;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Verification;

/// <summary>Issue 2, <c>chain verify</c>: re-executes every block from genesis, checks every header, and
/// reports OK with the height or the first bad height; the node refuses a state that disagrees with its head.</summary>
public sealed class ChainVerifierTests : ChainTestBase
{
    private const ulong Tampered = 2;

    /// <summary>Four blocks with two transfers each; the node is stopped so that its file can be altered.</summary>
    private void ProduceFourBlocksAndStop()
    {
        for (ulong n = 0; n < 4; n++)
        {
            Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(100 + n).WithNonce(n).Signed());
            Chain.Submit(Build.A.Transfer.From(Bob).To(Charlie).Amount(1).Of(Token.Grid).WithNonce(n).Signed());
            Chain.Produce();
        }

        Chain.Stop();
    }

    private VerifyReport Verify() => ChainVerifier.Verify(Chain.DataDirectory);

    private void AssertFirstBadHeightIs(ulong height)
    {
        var report = Verify();
        Assert.False(report.Ok, $"expected a bad height, got {report}");
        Assert.Equal(height, report.Height);
        Assert.False(string.IsNullOrWhiteSpace(report.Error));
    }

    /// <summary>Flips one bit of a blob column at a byte offset counted from its start (or its end, when negative).</summary>
    private void FlipBit(string table, string column, string keyColumn, object key, int offset)
    {
        var blob = Chain.SqlBlob($"SELECT {column} FROM {table} WHERE {keyColumn} = $k", ("$k", key));
        blob[offset >= 0 ? offset : blob.Length + offset] ^= 0x01;
        Chain.Sql($"UPDATE {table} SET {column} = $v WHERE {keyColumn} = $k", ("$v", blob), ("$k", key));
    }

    private void Truncate(string table, string column, int bytes)
    {
        var blob = Chain.SqlBlob($"SELECT {column} FROM {table} WHERE height = $h", ("$h", (long)Tampered));
        Chain.Sql($"UPDATE {table} SET {column} = $v WHERE height = $h", ("$v", blob[..^bytes]), ("$h", (long)Tampered));
    }

    [Fact]
    public void Verify_OfAnHonestChain_IsOkAtItsHeight()
    {
        ProduceFourBlocksAndStop();

        var report = Verify();

        Assert.True(report.Ok, report.ToString());
        Assert.Equal(4UL, report.Height);
        Assert.Equal("OK 4", report.ToString());
    }

    [Fact]
    public void Verify_WhileTheNodeIsRunning_IsOk()
    {
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Signed());
        Chain.Produce();

        Assert.True(Verify().Ok);
    }

    [Fact]
    public void Verify_OfAChainWithNoBlocks_IsOkAtZero()
    {
        Chain.Stop();

        Assert.Equal(new VerifyReport(true, 0, null), Verify());
    }

    [Fact]
    public void Verify_OfADirectoryWithoutAChain_IsNotOk()
    {
        using var dir = new Harness.TempDirectory();

        Assert.False(ChainVerifier.Verify(dir.Path).Ok);
    }

    [Fact]
    public void Verify_AfterABlockHeadersTimeIsAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();
        var timeOffset = 4 + TestKeys.DevChain.Length + 8;

        FlipBit("blocks", "header", "height", (long)Tampered, timeOffset);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterABlockHeadersStateRootIsAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();
        var stateRootOffset = 4 + TestKeys.DevChain.Length + 8 + 8 + 32 + 32;

        FlipBit("blocks", "header", "height", (long)Tampered, stateRootOffset);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterATransferAmountInABlockBodyIsAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();
        var body = Chain.SqlBlob("SELECT body FROM blocks WHERE height = $h", ("$h", (long)Tampered));
        // Body: u32 count, then each transaction length-prefixed; the amount is the u64 before the 64-byte signature.
        var amountOffset = 4 + 4 + BitConverter.ToInt32(body, 4) - 64 - 8;

        FlipBit("blocks", "body", "height", (long)Tampered, amountOffset);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterATransactionSignatureInABlockBodyIsAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();
        var body = Chain.SqlBlob("SELECT body FROM blocks WHERE height = $h", ("$h", (long)Tampered));
        var signatureOffset = 4 + 4 + BitConverter.ToInt32(body, 4) - 1;

        FlipBit("blocks", "body", "height", (long)Tampered, signatureOffset);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterABlockBodyIsTruncated_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        Truncate("blocks", "body", 3);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterACommitSignatureIsAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        FlipBit("commits", "commit_bytes", "height", (long)Tampered, -1);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterACommitIsTruncated_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        Truncate("commits", "commit_bytes", 1);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterACommitIsDeleted_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("DELETE FROM commits WHERE height = $h", ("$h", (long)Tampered));

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterABlockIsDeleted_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("DELETE FROM blocks WHERE height = $h", ("$h", (long)Tampered));

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterAStoredTransactionResultIsAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("UPDATE txs SET code = 'insufficient_funds' WHERE height = $h AND idx = 1", ("$h", (long)Tampered));

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterAStoredTransactionEventIsAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        // The last byte of the results blob is inside the last transaction's last event (an attribute's value).
        FlipBit("blocks", "results", "height", (long)Tampered, -1);

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterStoredEndOfBlockEventsAreAltered_ReportsThatHeight()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("INSERT OR REPLACE INTO block_events (height, events) VALUES ($h, '[]')", ("$h", (long)Tampered));
        Chain.Sql("UPDATE block_events SET events = '[{\"module\":\"forged\"}]' WHERE height = $h", ("$h", (long)Tampered));

        AssertFirstBadHeightIs(Tampered);
    }

    [Fact]
    public void Verify_AfterAStateValueIsAltered_ReportsTheHead()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("UPDATE state SET value = $v WHERE key = $k",
            ("$v", new Balance(1, 0).Encode()), ("$k", TokensQueries.BalanceProofKey(Bob.Address, Token.Watt).Bytes));

        AssertFirstBadHeightIs(4);
    }

    [Fact]
    public void Open_AfterAStateValueIsAltered_IsRefused()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("UPDATE state SET value = $v WHERE key = $k",
            ("$v", new Balance(DevChain.StartingBalance * 2, 0).Encode()), ("$k", TokensQueries.BalanceProofKey(Bob.Address, Token.Watt).Bytes));

        var e = Assert.Throws<InvalidDataException>(() => Chain.Restart());
        Assert.Contains("state root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AfterAStateEntryIsDeleted_IsRefused()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("DELETE FROM state WHERE key = $k", ("$k", TokensQueries.BalanceProofKey(Charlie.Address, Token.Grid).Bytes));

        Assert.Throws<InvalidDataException>(() => Chain.Restart());
        AssertFirstBadHeightIs(4);
    }

    [Fact]
    public void Open_AfterAStateEntryIsAdded_IsRefused()
    {
        ProduceFourBlocksAndStop();

        Chain.Sql("INSERT INTO state (key, value) VALUES ($k, $v)",
            ("$k", TokensQueries.BalanceProofKey(TestKeys.Outsider("mallory").Address, Token.Watt).Bytes), ("$v", new Balance(1, 0).Encode()));

        Assert.Throws<InvalidDataException>(() => Chain.Restart());
        AssertFirstBadHeightIs(4);
    }
}
