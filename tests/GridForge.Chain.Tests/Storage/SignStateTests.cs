using GridForge.Chain.Storage;
using GridForge.Chain.Verification;
using GridForge.Consensus.Engine;
using GridForge.Consensus.Signing;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Storage;

/// <summary>The dev validator's double-sign guard on disk (issue 16): every signature is on record before it leaves,
/// and a validator that crashed mid-height never signs anything conflicting when it comes back.</summary>
public sealed class SignStateTests : ChainTestBase
{
    private SignState? OnDisk() => FileSignStateStore.In(Chain.DataDirectory).Load();

    [Fact]
    public void EachBlock_LeavesItsPrecommit_OnDisk()
    {
        Chain.Produce();
        var (block, _) = Chain.Produce();
        var state = OnDisk()!;
        Assert.Equal((2UL, 0, SignStep.Precommit, (Core.Primitives.Hash32?)block.Hash()), (state.Height, state.Round, state.Step, state.ValueId));
        Assert.Equal(2, state.HeightVotes.Count); // its prevote and precommit, to send again after a crash
        Assert.Equal(block.Hash(), Chain.Node.HeadCommit!.BlockHash);
    }

    [Fact]
    public void AValidatorThatCrashedAfterSigningABlockButBeforeStoringIt_SignsTheNextRoundInstead_NeverTheSameRoundAgain()
    {
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Signed());
        Chain.Produce();
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).WithNonce(1).Signed());

        // Height 2 runs to its decision on a core of the node's own key, and the process dies before the block is stored.
        var core = Chain.Node.CreateCore()!;
        var outputs = core.StartHeight(2, Chain.Node.NextRotation).ToList();
        var request = outputs.OfType<RequestValue>().Single();
        var lost = Chain.Node.BuildProposal(2, Chain.Genesis.GenesisTime + 2);
        outputs = [.. core.OnValueToPropose(request.Height, request.Round, lost)];
        Assert.Single(outputs.OfType<Decided>());
        Assert.Equal((2UL, 0, SignStep.Precommit), (OnDisk()!.Height, OnDisk()!.Round, OnDisk()!.Step));
        Chain.Restart();
        // The mempool did not survive: the client sends its transaction again.
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).WithNonce(1).Signed());

        var (block, results) = Chain.Produce();

        Assert.Equal(2UL, block.Header.Height);
        Assert.Single(results);
        Assert.Equal(1, Chain.Node.HeadCommit!.Round); // round 0 was signed before the crash: round 1 decides
        Assert.Equal((2UL, 1), (OnDisk()!.Height, OnDisk()!.Round));
        Assert.True(ChainVerifier.Verify(Chain.DataDirectory).Ok);
    }

    [Fact]
    public void AnUnreadableSignState_StopsTheValidator_RatherThanSignBlind()
    {
        Chain.Produce();
        File.WriteAllBytes(Path.Combine(Chain.DataDirectory, FileSignStateStore.FileName), [1, 2, 3]);
        Chain.Restart();
        Assert.Throws<InvalidDataException>(() => Chain.Produce());
    }
}
