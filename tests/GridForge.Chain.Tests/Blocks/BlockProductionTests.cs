using GridForge.Chain.Blocks;
using GridForge.Chain.Tests.Harness;
using GridForge.Consensus.Validators;
using GridForge.Core.Merkle;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Blocks;

/// <summary>DESIGN §5: each header carries the chain id, height, time, previous hash, transactions root,
/// state root, proposer, validator-set hash and the hash of the previous block's commit.</summary>
public sealed class BlockProductionTests : ChainTestBase
{
    private IReadOnlyList<Block> ProduceThreeBlocksWithTransfers()
    {
        var blocks = new List<Block>();
        for (ulong n = 0; n < 3; n++)
        {
            Assert.True(Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(10 + n).WithNonce(n).Signed()).Accepted);
            Assert.True(Chain.Submit(Build.A.Transfer.From(Bob).To(Charlie).Amount(1).Of(Token.Grid).WithNonce(n).Signed()).Accepted);
            blocks.Add(Chain.Produce().Block);
        }

        return blocks;
    }

    [Fact]
    public void ProduceBlock_StampsTheGivenTimeAndTheNextHeight()
    {
        var first = Chain.Produce(GenesisBuilder.DefaultTime + 60).Block;
        var second = Chain.Produce(GenesisBuilder.DefaultTime + 75).Block;

        Assert.Equal((1UL, GenesisBuilder.DefaultTime + 60), (first.Header.Height, first.Header.Time));
        Assert.Equal((2UL, GenesisBuilder.DefaultTime + 75), (second.Header.Height, second.Header.Time));
        Assert.Equal(TestKeys.DevChain, second.Header.ChainId);
        Assert.Equal(TestKeys.Validator.Address, second.Header.Proposer);
    }

    [Fact]
    public void ProduceBlock_WithATimeBeforeTheHead_KeepsTheHeadsTime()
    {
        Chain.Produce(GenesisBuilder.DefaultTime + 100);

        var block = Chain.Produce(GenesisBuilder.DefaultTime + 50).Block;

        Assert.Equal(GenesisBuilder.DefaultTime + 100, block.Header.Time);
    }

    [Fact]
    public void ProduceBlock_WithATimeBeforeGenesis_KeepsTheGenesisTime() =>
        Assert.Equal(GenesisBuilder.DefaultTime, Chain.Produce(0).Block.Header.Time);

    [Fact]
    public void FirstBlock_LinksToTheGenesisAndHasNoLastCommit()
    {
        var header = Chain.Produce().Block.Header;

        Assert.Equal(Chain.Node.GenesisHash, header.PreviousHash);
        Assert.Equal(Hash32.Zero, header.LastCommitHash);
        Assert.Null(Chain.Node.GetBlock(1)!.LastCommit);
    }

    [Fact]
    public void EachBlock_LinksToThePreviousBlockAndCarriesItsCommit()
    {
        var blocks = ProduceThreeBlocksWithTransfers();

        for (var i = 1; i < blocks.Count; i++)
        {
            var previousCommit = Chain.Node.GetCommit(blocks[i - 1].Header.Height)!;
            Assert.Equal(blocks[i - 1].Hash(), blocks[i].Header.PreviousHash);
            Assert.Equal(previousCommit.Hash(), blocks[i].Header.LastCommitHash);
            Assert.Equal(previousCommit.Hash(), blocks[i].LastCommit!.Hash());
            Assert.Equal(blocks[i - 1].Hash(), previousCommit.BlockHash);
        }
    }

    [Fact]
    public void TransactionsRoot_IsTheMerkleRootOfTheIncludedTransactionIdsInOrder()
    {
        var block = ProduceThreeBlocksWithTransfers()[1];

        Assert.Equal(2, block.Transactions.Count);
        Assert.Equal(MerkleList.Root([.. block.Transactions.Select(t => t.Id)]), block.Header.TransactionsRoot);
        Assert.NotEqual(MerkleList.Root([.. block.Transactions.Reverse().Select(t => t.Id)]), block.Header.TransactionsRoot);
    }

    [Fact]
    public void ValidatorSetHash_IsTheHashOfTheValidatorsInState()
    {
        var block = Chain.Produce().Block;

        Assert.Equal(AuthModule.Validators(Chain.Node.State).Hash(), block.Header.ValidatorSetHash);
        Assert.Equal([new Validator(TestKeys.Validator.Address, 1)], AuthModule.Validators(Chain.Node.State).Members);
    }

    [Fact]
    public void StateRoot_IsTheRootOfTheCommittedState()
    {
        var block = ProduceThreeBlocksWithTransfers()[^1];

        Assert.Equal(Chain.Node.CommittedState.Root, block.Header.StateRoot);
        Assert.Equal(Chain.Node.Head, block.Header);
    }

    [Fact]
    public void Commit_OfEachBlock_IsTheValidatorsValidSignatureOverThatBlock()
    {
        var blocks = ProduceThreeBlocksWithTransfers();

        foreach (var block in blocks)
        {
            var commit = Chain.Node.GetCommit(block.Header.Height)!;
            Assert.Equal((block.Header.Height, block.Hash()), (commit.Height, commit.BlockHash));
            Assert.Null(commit.Verify(TestKeys.DevChain, AuthModule.Validators(Chain.Node.State)));
        }
    }

    [Fact]
    public void StoredBlock_ReadsBackByHeightAndByHash()
    {
        var block = ProduceThreeBlocksWithTransfers()[1];

        var byHeight = Chain.Node.GetBlock(2)!;
        var byHash = Chain.Node.GetBlock(block.Hash())!;

        Assert.Equal(block.Header, byHeight.Header);
        Assert.Equal(block.EncodeBody(), byHeight.EncodeBody());
        Assert.Equal(block.Header, byHash.Header);
        Assert.Null(Chain.Node.GetBlock(4));
        Assert.Null(Chain.Node.GetBlock(0));
    }

    [Fact]
    public void IncludedTransfer_MovesTheBalancesAndPaysTheValidator()
    {
        var validatorWatt = Chain.Free(TestKeys.Validator.Address, Token.Watt);
        var bobWatt = Chain.Free(Bob.Address, Token.Watt);
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(7).WithFee(400).Signed());

        var (_, results) = Chain.Produce();

        Assert.True(results.Single().Success);
        Assert.Equal(bobWatt + 7, Chain.Free(Bob.Address, Token.Watt));
        Assert.Equal(validatorWatt + 400, Chain.Free(TestKeys.Validator.Address, Token.Watt));
    }

    [Fact]
    public void Block_TakesAtMostMaxBlockTxsInArrivalOrder_AndLeavesTheRestPending()
    {
        Chain = TestNode.Start(ADevGenesis.WithParam("auth", "max_block_txs", 2).TestObject);
        var txs = new[] { Alice, Bob, Charlie }.Select(k => Build.A.Transfer.From(k).To(TestKeys.Dso).Signed()).ToArray();
        foreach (var tx in txs) Chain.Submit(tx);

        var block = Chain.Produce().Block;

        Assert.Equal(txs[..2].Select(t => t.Id), block.Transactions.Select(t => t.Id));
        Assert.Equal(1, Chain.Node.MempoolCount);
        Assert.Equal(txs[2].Id, Chain.Produce().Block.Transactions.Single().Id);
    }

    [Fact]
    public void ProduceBlock_WithoutAValidatorKey_IsRefused()
    {
        using var dir = new TempDirectory();
        using var node = ChainNode.Open(dir.Path, TestNode.DevGenesis(), validatorKey: null);

        Assert.Throws<InvalidOperationException>(() => node.ProduceBlock(GenesisBuilder.DefaultTime + 1));
    }

    [Fact]
    public void ProduceBlock_ByAKeyThatIsNotAValidator_IsRefused()
    {
        using var dir = new TempDirectory();
        using var node = ChainNode.Open(dir.Path, TestNode.DevGenesis(), Alice);

        Assert.Throws<InvalidOperationException>(() => node.ProduceBlock(GenesisBuilder.DefaultTime + 1));
        Assert.Equal(0UL, node.Height);
    }

    /// <summary>Five transfers of Alice's in the proposer's mempool, and in the judge's when there is one.</summary>
    private void SubmitFiveTransfers(TestNode? judge = null)
    {
        for (ulong n = 0; n < 5; n++)
        {
            var tx = Build.A.Transfer.From(Alice).To(Bob).Amount(10).WithNonce(n).Signed();
            Assert.True(Chain.Submit(tx).Accepted);
            if (judge is not null) Assert.True(judge.Submit(tx).Accepted);
        }
    }

    [Fact]
    public void AProposalWhoseTimeBudgetIsSpent_TakesOneTransaction_WhichAnotherNodeJudgesValid_AndTheRestWaitForTheNextBlock()
    {
        using var judge = TestNode.Start();
        SubmitFiveTransfers(judge);

        var time = GenesisBuilder.DefaultTime + 5;
        var bounded = Chain.Node.BuildProposal(1, time, TimeSpan.Zero);
        Assert.Single(bounded.Transactions);
        // The budget is the proposer's choice, not a rule: a validator runs every transaction of the block and finds it valid.
        Assert.Null(judge.Node.ValidateProposal(bounded));
        Assert.Equal(5, Chain.Node.MempoolCount);

        Assert.Equal(5, Chain.Node.BuildProposal(1, time, TimeSpan.FromMinutes(1)).Transactions.Count);
        Assert.Equal(5, Chain.Node.BuildProposal(1, time).Transactions.Count);
    }

    [Fact]
    public async Task AProposersWaitForTheBlockLock_DoesNotSpendItsTimeBudget()
    {
        SubmitFiveTransfers();
        var held = new TaskCompletionSource();
        using var release = new ManualResetEventSlim();
        // Another block being judged or committed holds the lock for longer than the proposer's whole budget.
        var holder = Task.Run(() =>
        {
            lock (Chain.Node.ProduceLock)
            {
                held.SetResult();
                release.Wait();
            }
        });
        await held.Task;
        var proposal = Task.Run(() => Chain.Node.BuildProposal(1, GenesisBuilder.DefaultTime + 5, TimeSpan.FromSeconds(2)));
        await Task.Delay(3_000);
        release.Set();
        await holder;

        Assert.Equal(5, (await proposal).Transactions.Count);
    }

    [Fact]
    public void AProposal_StopsFillingWhileTheTimeToStageItsWritesStillFitsTheBudget_AndIsJudgedValid()
    {
        using var judge = TestNode.Start();
        SubmitFiveTransfers(judge);

        // Staging (hashing the writes into the state tree) cannot stop midway: a node whose staging is slow keeps room for it.
        // One transfer's writes would take a minute to stage here, so a one-minute budget takes one transaction.
        Chain.Node.StagingCost.PerWrite = TimeSpan.FromSeconds(20);
        var time = GenesisBuilder.DefaultTime + 5;
        var bounded = Chain.Node.BuildProposal(1, time, TimeSpan.FromMinutes(1));
        Assert.Single(bounded.Transactions);
        Assert.Null(judge.Node.ValidateProposal(bounded));
        // Without a budget nothing is reserved.
        Assert.Equal(5, Chain.Node.BuildProposal(1, time).Transactions.Count);
    }
}
