using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Storage;

/// <summary>DESIGN §5 and issue 13, item 2: nothing a reader is shown can be taken back. A block's state is published only once
/// its SQLite transaction committed; until then every read — single keys, views, transaction status — shows the block before.</summary>
public sealed class DurableReadsTests : ChainTestBase
{
    [Fact]
    public void WhileABlockIsBeingWritten_ReadersSeeTheBlockBefore_AndItsTransactionsAreNotYetCommitted()
    {
        var tx = Build.A.Transfer.From(Alice).To(Bob).Amount(10).Signed();
        Chain.Submit(tx);
        var bob = Chain.Free(Bob.Address, Token.Watt);
        (ulong Height, ulong Bob, string Status, ulong ViewHeight)? during = null;
        Chain.Node.BeforeCommit = height =>
        {
            using var view = Chain.Node.OpenView();
            during = (Chain.Node.CommittedState.Height, TokensModule.GetBalance(Chain.Node.State, Bob.Address, Token.Watt).Free,
                Chain.StatusOf(tx), view.Height);
            Assert.Equal(1UL, height);
        };

        Chain.Produce();

        Assert.Equal((0UL, bob, TxStatus.Pending, 0UL), during);
        Assert.Equal((1UL, bob + 10, TxStatus.CommittedState), (Chain.Node.CommittedState.Height, Chain.Free(Bob.Address, Token.Watt), Chain.StatusOf(tx)));
    }

    [Fact]
    public void ABlockWhoseCommitFails_WasNeverVisible_AndTheNextBlockIsBuiltOnTheDurableState()
    {
        var tx = Build.A.Transfer.From(Alice).To(Bob).Amount(10).Signed();
        Chain.Submit(tx);
        var bob = Chain.Free(Bob.Address, Token.Watt);
        var root = Chain.Node.CommittedState.Root;
        Chain.Node.BeforeCommit = _ => throw new IOException("the disk is gone");

        Assert.Throws<IOException>(() => Chain.Produce());

        Assert.Equal((0UL, bob, root, TxStatus.Pending),
            (Chain.Node.CommittedState.Height, Chain.Free(Bob.Address, Token.Watt), Chain.Node.CommittedState.Root, Chain.StatusOf(tx)));
        Chain.Node.BeforeCommit = null;
        Chain.Produce();
        Assert.Equal((bob + 10, TxStatus.CommittedState), (Chain.Free(Bob.Address, Token.Watt), Chain.StatusOf(tx)));
        Assert.Equal(Chain.Node.Head!.StateRoot, Chain.Node.CommittedState.Root);
    }
}
