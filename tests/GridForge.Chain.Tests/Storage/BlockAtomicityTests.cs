using GridForge.Chain.Verification;
using GridForge.Core.Primitives;
using GridForge.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace GridForge.Chain.Tests.Storage;

/// <summary>DESIGN §5: one database transaction per block; a block and its state changes are committed
/// together or not at all.</summary>
public sealed class BlockAtomicityTests : ChainTestBase
{
    private const string FailStateWrites = "CREATE TRIGGER fail_state BEFORE INSERT ON state BEGIN SELECT RAISE(ABORT, 'disk says no'); END";

    private (IReadOnlyList<KeyValuePair<Runtime.State.StateKey, byte[]>> Snapshot, Hash32 Root) CommitOneBlockThenFailTheNext()
    {
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(10).Signed());
        Chain.Produce();
        var committed = (Chain.Node.CommittedState.Snapshot(), Chain.Node.Head!.StateRoot);

        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(20).WithNonce(1).Signed());
        Chain.Submit(Build.A.Transfer.From(Bob).To(Charlie).Amount(30).Of(Token.Grid).Signed());
        Chain.Sql(FailStateWrites);
        Assert.Throws<SqliteException>(() => Chain.Produce());
        return committed;
    }

    [Fact]
    public void FailedCommit_LeavesNothingOfTheBlockOnDisk()
    {
        var (snapshot, root) = CommitOneBlockThenFailTheNext();
        Chain.Stop();
        Chain.Sql("DROP TRIGGER fail_state");

        Chain.Restart();

        Assert.Equal(1UL, Chain.Height);
        Assert.Equal(root, Chain.Node.CommittedState.Root);
        StateAssert.Unchanged(snapshot, Chain.Node.CommittedState.Snapshot());
        Assert.Null(Chain.Node.GetBlock(2));
        Assert.Null(Chain.Node.GetCommit(2));
        Assert.Equal(0L, Chain.SqlScalar("SELECT count(*) FROM txs WHERE height >= 2"));
        Assert.Equal("1", System.Text.Encoding.UTF8.GetString(Chain.SqlBlob("SELECT value FROM meta WHERE key = 'height'")));
        Assert.Equal(new VerifyReport(true, 1, null), ChainVerifier.Verify(Chain.DataDirectory));
    }

    [Fact]
    public void FailedCommit_LeavesTheRunningNodeOnItsLastCommittedState()
    {
        var (snapshot, root) = CommitOneBlockThenFailTheNext();

        Assert.Equal(1UL, Chain.Height);
        Assert.Equal(root, Chain.Node.CommittedState.Root);
        StateAssert.Unchanged(snapshot, Chain.Node.CommittedState.Snapshot());
        Assert.Equal(2, Chain.Node.MempoolCount);
    }

    [Fact]
    public void FailedCommit_OnceTheStoreRecovers_IsRetriedAndTheChainVerifies()
    {
        CommitOneBlockThenFailTheNext();
        Chain.Sql("DROP TRIGGER fail_state");

        var (block, results) = Chain.Produce();

        Assert.Equal(2UL, block.Header.Height);
        Assert.Equal(2, results.Count(r => r.Success));
        Chain.Restart();
        Assert.Equal(block.Header, Chain.Node.Head);
        Assert.Equal(new VerifyReport(true, 2, null), ChainVerifier.Verify(Chain.DataDirectory));
    }
}
