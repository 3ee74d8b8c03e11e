using GridForge.Chain.Tests.Harness;
using GridForge.Chain.Verification;
using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Staking;

namespace GridForge.Chain.Tests.Blocks;

/// <summary>Four validators' chain nodes on their consensus cores in one process (docs/consensus.md): the chain side of
/// consensus — proposals from the mempool, valid(v) by execution, commits from precommits, evidence to slashing — with
/// the real runtime and staking module.</summary>
public sealed class ConsensusNetworkTests : IDisposable
{
    private readonly LocalNetwork _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public void FourValidators_CommitTheSameBlocks_WithCommitsOfMoreThanTwoThirds_AndEachChainVerifies()
    {
        _net.Start();
        _net.RunUntil(5);

        var heads = _net.Nodes.Select(n => n.GetBlock(5)!.Hash()).Distinct();
        Assert.Single(heads);
        var validators = AuthModule.PreviousValidators(_net.Nodes[0].State);
        Assert.Null(_net.Nodes[0].GetBlock(5)!.LastCommit!.Verify(_net.Genesis.ChainId, validators));
        // The proposer rotates by power: more than one validator proposed.
        Assert.True(Enumerable.Range(1, 5).Select(h => _net.Nodes[0].GetBlock((ulong)h)!.Header.Proposer).Distinct().Count() > 1);
        foreach (var n in _net.Nodes) n.Dispose();
        _net.Nodes.Clear();
        Assert.All(_net.Directories, d => Assert.True(ChainVerifier.Verify(d).Ok, ChainVerifier.Verify(d).ToString()));
    }

    [Fact]
    public void AValidatorThatSignsTwoPrevotes_IsDetected_PutInTheNextBlock_Slashed_AndLeavesTheSetTwoBlocksLater()
    {
        const int offender = 2;
        var offenderAddress = _net.Keys[offender].Address;
        _net.OnVote = (node, vote) =>
        {
            // At height 2 the offender also prevotes nil (or a value) against its real prevote.
            if (node != offender || vote.Vote is not { Type: VoteType.Prevote, Height: 2, Round: 0 }) return;
            _net.OnVote = null;
            _net.Broadcast(_net.SignDirectly(offender, vote.Vote with { ValueId = vote.Vote.IsNil ? Hash32.Zero : null }));
        };
        var bondBefore = StakingQueries.Ledger(_net.Nodes[0].State, offenderAddress).Active;
        var nominatorBefore = StakingQueries.Ledger(_net.Nodes[0].State, _net.Nominator.Address).Active;
        _net.Start();
        _net.RunUntil(3);

        Assert.NotEmpty(_net.Detected);
        var node = _net.Nodes[0];
        var carrier = node.GetBlock(3)!;
        var evidence = Assert.Single(carrier.Evidence);
        Assert.Equal((offenderAddress, 2UL, VoteType.Prevote), (evidence.Validator, evidence.Height, evidence.Type));
        Assert.Contains("\"offence\"", node.GetBlockEvents(3), StringComparison.Ordinal);

        // slash_ppm (10%) of the offender's own stake and of the nominator's exposure behind it is burned.
        Assert.Equal(bondBefore / 10 * 9, StakingQueries.Ledger(node.State, offenderAddress).Active);
        Assert.Equal(nominatorBefore - (500 * LocalNetwork.Unit / 10), StakingQueries.Ledger(node.State, _net.Nominator.Address).Active);
        // Scheduled at block 3, out of the set from block 5: block 4 is still signed with it.
        Assert.True(AuthModule.Validators(node.State).Contains(offenderAddress));
        _net.RunUntil(4);
        Assert.False(AuthModule.Validators(_net.Nodes[0].State).Contains(offenderAddress));
        _net.RunUntil(6);
        Assert.Empty(_net.Nodes[0].GetBlock(6)!.Evidence); // punished once, never carried again
        Assert.Single(_net.Nodes.Select(n => n.Head!.Hash()).Distinct());
    }

    [Fact]
    public void BlocksBuiltOrJudgedButNotDecided_StayInvisible_AndTheDecidedOneCommitsWithItsOwnRoot()
    {
        _net.Start();
        _net.RunUntil(2);
        var node = _net.Nodes[0];
        // Transfers waiting at two validators: each one's block changes balances.
        var sender = _net.Keys[3];
        var nonce = AuthQueries.NextNonce(node.State, sender.Address);
        var transfer = Runtime.Transactions.Transaction.Sign(sender, _net.Genesis.ChainId, nonce, 1_000, 1_000_000,
            new Runtime.Modules.Tokens.TransferMessage(_net.Keys[0].Address, Token.Watt, new Amount(7)));
        Assert.True(node.Submit(transfer).Accepted);
        Assert.True(_net.Nodes[1].Submit(transfer).Accepted);
        var balance = Runtime.Modules.Tokens.TokensQueries.BalanceProofKey(_net.Keys[0].Address, Token.Watt);
        var head = node.Head!;
        var before = node.Prove(balance);

        // Node 0 builds a block, then judges node 1's (valid): both executed, neither decided yet.
        var own = node.BuildProposal(3, _net.Genesis.GenesisTime + 3);
        var other = _net.Nodes[1].BuildProposal(3, _net.Genesis.GenesisTime + 4);
        Assert.Single(own.Transactions);
        Assert.Null(node.ValidateProposal(other));
        Assert.NotEqual(head.StateRoot, other.Header.StateRoot);
        var during = node.Prove(balance);
        Assert.Equal((head.StateRoot, before.Value), (during.Root, during.Value));
        Assert.Equal(head.StateRoot, node.CommittedState.Root);
        Assert.Equal(2UL, node.Height);

        // Consensus goes on: whichever block is decided, every node commits it with its header's root.
        _net.RunUntil(4);
        Assert.Single(_net.Nodes.Select(n => n.Head!.Hash()).Distinct());
        Assert.All(_net.Nodes, n => Assert.Equal(n.Head!.StateRoot, n.CommittedState.Root));
        var after = node.Prove(balance);
        Assert.Equal(node.Head!.StateRoot, after.Root);
        foreach (var n in _net.Nodes) n.Dispose();
        _net.Nodes.Clear();
        Assert.All(_net.Directories, d => Assert.True(ChainVerifier.Verify(d).Ok, ChainVerifier.Verify(d).ToString()));
    }

    [Fact]
    public void ABlockCarryingForgedEvidence_OrEvidenceItsHeaderDoesNotCommitTo_IsNotValid()
    {
        _net.Start();
        _net.RunUntil(2);
        var real = _net.SignDirectly(1, new Vote(VoteType.Precommit, 1, 0, _net.Nodes[0].GetBlock(1)!.Hash()));
        var forgedSecond = real with { Vote = real.Vote with { ValueId = null } };
        var forged = Consensus.Evidence.DuplicateVoteEvidence.Of(real, forgedSecond)!;
        Assert.NotNull(_net.Nodes[0].AddEvidence(forged));

        var honest = _net.Nodes[1].BuildProposal(3, _net.Genesis.GenesisTime + 3);
        var smuggled = honest with { Evidence = [forged] };
        Assert.Equal("evidence hash mismatch", _net.Nodes[0].ValidateProposal(smuggled));
        var committed = smuggled with { Header = smuggled.Header with { EvidenceHash = Chain.Blocks.Block.EvidenceRoot([forged]) } };
        Assert.StartsWith($"evidence against {forged.Validator}", _net.Nodes[0].ValidateProposal(committed));
        Assert.Null(_net.Nodes[0].ValidateProposal(honest));
    }

    [Fact]
    public void EvidenceOfTheHeightBeingBuilt_WaitsInThePoolForTheNextBlock()
    {
        _net.Start();
        _net.RunUntil(1);
        var node = _net.Nodes[0];
        var evidence = Consensus.Evidence.DuplicateVoteEvidence.Of(
            _net.SignDirectly(3, new Vote(VoteType.Prevote, 2, 0, null)), _net.SignDirectly(3, new Vote(VoteType.Prevote, 2, 0, Hash32.Zero)))!;
        Assert.Null(node.AddEvidence(evidence));

        Assert.Empty(node.BuildProposal(2, _net.Genesis.GenesisTime + 2).Evidence);
        Assert.Equal(1, node.PendingEvidence);
    }

    [Fact]
    public void Evidence_OlderThanTheKeptEras_IsRefused()
    {
        using var net = new LocalNetwork(customize: g => g.WithParam("staking", "era_blocks", 2).WithParam("staking", "unbonding_eras", 0));
        net.Start();
        net.RunUntil(2);
        var first = net.SignDirectly(3, new Vote(VoteType.Prevote, 1, 0, null));
        var second = net.SignDirectly(3, new Vote(VoteType.Prevote, 1, 0, Hash32.Zero));
        var evidence = Consensus.Evidence.DuplicateVoteEvidence.Of(first, second)!;
        net.RunUntil(5);
        Assert.StartsWith(StakingCodes.EvidenceTooOld, net.Nodes[0].AddEvidence(evidence));
    }
}
