using GridForge.Chain.Blocks;
using GridForge.Chain.Tests.Harness;
using GridForge.Chain.Verification;
using GridForge.Consensus.Messages;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Sync;

/// <summary>A node that downloads blocks from a peer trusts nothing the peer says: each block must come with a commit
/// signed by more than 2/3 of the validator set the node computed itself, link to the node's own head, and re-execute to
/// the header's state root (issue 17, block sync).</summary>
public sealed class BlockImportTests
{
    /// <summary>A commit of one key's precommit for a block (round 0).</summary>
    private static Commit SignedBy(SigningKey key, ulong height, Hash32 block) =>
        new(height, 0, block, [new CommitSignature(key.Address,
            key.Sign(new Vote(VoteType.Precommit, height, 0, block).SignBytes(DevChain.ChainId).ToArray()))]);

    private static (Block Block, Commit Commit) Produce(TestNode producer, int transfers = 3)
    {
        var nonce = GridForge.Runtime.Modules.Auth.AuthModule.NextNonce(producer.Node.State, TestKeys.Alice.Address);
        for (var i = 0; i < transfers; i++)
        {
            Assert.True(producer.Submit(Build.A.Transfer.From(TestKeys.Alice).To(TestKeys.Bob).Amount(5).WithNonce(nonce + (ulong)i).Signed()).Accepted);
        }

        var (block, _) = producer.Produce();
        return (block, producer.Node.GetCommit(block.Header.Height)!);
    }

    [Fact]
    public void AWaitingTransactionWhoseNonceABlockUsed_LeavesTheMempool_AsReplaced_AndTheSendersNextStillFits()
    {
        // The sender signed two different transactions with nonce 0 and sent them to two nodes: the producer's is committed, and
        // the follower (a full node: it never proposes, so no block of its own would ever drop it) must not keep the other.
        using var producer = TestNode.Start();
        using var follower = TestNode.Start();
        var other = Build.A.Transfer.From(TestKeys.Alice).To(TestKeys.Charlie).Amount(7).WithNonce(0).Signed();
        Assert.True(follower.Submit(other).Accepted);
        var next = Build.A.Transfer.From(TestKeys.Alice).To(TestKeys.Charlie).Amount(8).WithNonce(3).Signed();

        var (block, commit) = Produce(producer);
        Assert.Null(follower.Node.ImportBlock(block, commit));

        Assert.Equal(0, follower.Node.MempoolCount);
        var status = follower.Node.GetTxStatus(other.Id);
        Assert.Equal((TxStatus.Rejected, RejectionCodes.NonceReplayed), (status.State, status.Rejection?.Code));
        Assert.True(follower.Submit(next).Accepted);
    }

    [Fact]
    public void BlocksImportedWithTheirCommits_GiveTheProducersChain_AndVerify()
    {
        using var producer = TestNode.Start();
        using var follower = TestNode.Start();
        var blocks = Enumerable.Range(0, 5).Select(_ => Produce(producer)).ToList();
        foreach (var (block, commit) in blocks) Assert.Null(follower.Node.ImportBlock(Reencoded(block), commit));
        Assert.Equal(producer.Node.Head, follower.Node.Head);
        Assert.Equal(producer.Node.CommittedState.Root, follower.Node.CommittedState.Root);
        follower.Stop();
        Assert.True(ChainVerifier.Verify(follower.DataDirectory).Ok);
    }

    [Fact]
    public void ACommitSignedByAKeyOutsideTheValidatorSet_IsRefused()
    {
        using var producer = TestNode.Start();
        using var follower = TestNode.Start();
        var (block, _) = Produce(producer);
        using var outsider = SigningKey.Generate();
        var forged = SignedBy(outsider, 1, block.Hash());
        Assert.Contains("not a validator", follower.Node.ImportBlock(block, forged));
        Assert.Equal(0UL, follower.Height);
    }

    [Fact]
    public void ACommitWithABadSignature_OrForAnotherBlock_IsRefused()
    {
        using var producer = TestNode.Start();
        using var follower = TestNode.Start();
        var (first, firstCommit) = Produce(producer);
        var (second, _) = Produce(producer);
        var signature = firstCommit.Signatures[0].Signature.ToArray();
        signature[10] ^= 1;
        var tampered = firstCommit with { Signatures = [new CommitSignature(firstCommit.Signatures[0].Validator, signature)] };
        Assert.Contains("does not verify", follower.Node.ImportBlock(first, tampered));
        Assert.Contains("another block", follower.Node.ImportBlock(second, firstCommit));
        Assert.Equal(0UL, follower.Height);
    }

    [Fact]
    public void ABlockWhoseTransactionsWereSwapped_IsRefusedDespiteItsValidCommit()
    {
        using var producer = TestNode.Start();
        using var follower = TestNode.Start();
        var (block, commit) = Produce(producer);
        var other = Build.A.Transfer.From(TestKeys.Charlie).To(TestKeys.Bob).Amount(7).WithNonce(0).Signed();
        Assert.Contains("transactions root", follower.Node.ImportBlock(block with { Transactions = [other] }, commit));
        Assert.Equal(0UL, follower.Height);
    }

    [Fact]
    public void ABlockFromAFork_DoesNotLinkToTheHead()
    {
        using var producer = TestNode.Start();
        using var fork = TestNode.Start();
        using var follower = TestNode.Start();
        var (first, firstCommit) = Produce(producer);
        Assert.Null(follower.Node.ImportBlock(first, firstCommit));
        // Another chain from the same genesis: its block 2 builds on another block 1.
        Produce(fork, transfers: 1);
        var (forkSecond, forkCommit) = Produce(fork);
        Assert.Contains("previous hash", follower.Node.ImportBlock(forkSecond, forkCommit));
        Assert.Equal(1UL, follower.Height);
    }

    [Fact]
    public void ABlockThatIsNotTheNextHeight_IsRefused()
    {
        using var producer = TestNode.Start();
        using var follower = TestNode.Start();
        Produce(producer);
        var (second, commit) = Produce(producer);
        Assert.Contains("height", follower.Node.ImportBlock(second, commit));
    }

    [Fact]
    public void ABlockSignedByTheValidatorsWithAWrongStateRoot_IsRefusedAndChangesNothing()
    {
        // The validators themselves lie (here the one dev validator): the header's state root is not what the
        // transactions give. Re-execution catches it, and the follower's state is untouched.
        using var producer = TestNode.Start();
        using var follower = TestNode.Start();
        var (block, _) = Produce(producer);
        var lie = block with { Header = block.Header with { StateRoot = new Hash32(new byte[32]) } };
        var lieCommit = SignedBy(TestKeys.Validator, 1, lie.Hash());
        var before = follower.Node.CommittedState.Root;
        Assert.Contains("state root", follower.Node.ImportBlock(lie, lieCommit));
        Assert.Equal(before, follower.Node.CommittedState.Root);
        Assert.Equal(0UL, follower.Height);
        // The true block still imports afterwards.
        Assert.Null(follower.Node.ImportBlock(block, producer.Node.GetCommit(1)!));
    }

    /// <summary>The block as a peer would send it: encoded and decoded again, so nothing is shared with the producer.</summary>
    private static Block Reencoded(Block block) =>
        Block.Decode(block.Header.Encode(), block.EncodeBody(), GridForge.Runtime.Execution.ChainRuntime.StandardModules().Registry);
}
