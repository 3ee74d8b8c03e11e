using GridForge.Chain.Tests.Harness;
using GridForge.Chain.Verification;
using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Storage;

/// <summary>DESIGN §5: the node restarts from its store to exactly the chain and state it had committed.</summary>
public sealed class RestartTests : ChainTestBase
{
    [Fact]
    public void Restart_InTheSameDirectory_RestoresHeightHeadStateRootAndBalances()
    {
        for (ulong n = 0; n < 3; n++)
        {
            Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(1_000 + n).WithNonce(n).Signed());
            Chain.Submit(Build.A.Transfer.From(Charlie).To(Alice).Amount(5).Of(Token.Grid).WithNonce(n).Signed());
            Chain.Produce();
        }

        var head = Chain.Node.Head;
        var commit = Chain.Node.HeadCommit!.Hash();
        var root = Chain.Node.CommittedState.Root;
        var snapshot = Chain.Node.CommittedState.Snapshot();

        Chain.Restart();

        Assert.Equal(3UL, Chain.Height);
        Assert.Equal(head, Chain.Node.Head);
        Assert.Equal(commit, Chain.Node.HeadCommit!.Hash());
        Assert.Equal(root, Chain.Node.CommittedState.Root);
        StateAssert.Unchanged(snapshot, Chain.Node.CommittedState.Snapshot());
        Assert.Equal(DevChain.StartingBalance + 3_003, Chain.Free(Bob.Address, Token.Watt));
    }

    [Fact]
    public void Restart_ThenProduce_ContinuesTheSameChain()
    {
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Signed());
        var first = Chain.Produce().Block;
        Chain.Restart();

        Assert.True(Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).WithNonce(1).Signed()).Accepted);
        var second = Chain.Produce().Block;

        Assert.Equal(first.Hash(), second.Header.PreviousHash);
        Assert.Equal(first.Hash(), second.LastCommit!.BlockHash);
        Assert.True(ChainVerifier.Verify(Chain.DataDirectory).Ok);
    }

    [Fact]
    public void Restart_RemembersCommittedTransactionsAndTheirNonces()
    {
        var tx = Build.A.Transfer.From(Alice).To(Bob).Signed();
        Chain.Submit(tx);
        Chain.Produce();

        Chain.Restart();

        Assert.Equal(TxStatus.CommittedState, Chain.StatusOf(tx));
        Assert.Equal(RejectionCodes.NonceReplayed, Chain.Submit(tx).Rejection!.Code);
    }

    [Fact]
    public void Open_WithAnotherGenesis_IsRefused()
    {
        Chain.Produce();
        Chain.Stop();

        var other = Build.A.Genesis.Funding(Alice).At(GenesisBuilder.DefaultTime + 1).TestObject;

        Assert.Throws<InvalidOperationException>(() => ChainNode.Open(Chain.DataDirectory, other, TestKeys.Validator));
    }

    [Fact]
    public void Open_OfAnEmptyDirectoryWithoutAGenesis_IsRefused()
    {
        using var dir = new TempDirectory();

        Assert.Throws<InvalidOperationException>(() => ChainNode.Open(dir.Path, null, TestKeys.Validator));
    }

    [Fact]
    public void Open_WithoutAGenesis_UsesTheStoredOne()
    {
        Chain.Produce();
        Chain.Stop();

        using var node = ChainNode.Open(Chain.DataDirectory, null, TestKeys.Validator);

        Assert.Equal(1UL, node.Height);
        Assert.Equal(ChainNode.GenesisHashOf(Chain.Genesis), node.GenesisHash);
    }

    [Fact]
    public void ADataDirectoryOfAnotherStorageFormat_IsRefusedAtOpen_WithWhatToDo()
    {
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Signed());
        Chain.Produce();
        Chain.Stop();
        Chain.Sql("DELETE FROM meta WHERE key = 'format'");
        var refused = Assert.Throws<InvalidOperationException>(() => ChainNode.Open(Chain.DataDirectory, null, null));
        Assert.Contains("storage format 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("new data directory", refused.Message, StringComparison.Ordinal);
        Chain.Sql("INSERT INTO meta (key, value) VALUES ('format', $f)",
            ("$f", System.Text.Encoding.UTF8.GetBytes(GridForge.Chain.Storage.BlockStore.StorageFormat)));
        Chain.Restart();
        Assert.Equal(1UL, Chain.Height);
    }
}
