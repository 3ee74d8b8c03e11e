using GridForge.Consensus.Engine;
using GridForge.Consensus.Messages;

namespace GridForge.Consensus.Tests.Engine;

public class ConsensusCoreTests
{
    [Fact]
    public void ASingleValidator_DecidesItsOwnValue_AsSoonAsItHasOne()
    {
        var net = new CoreHarness(1);
        net.StartAll();
        var decided = Assert.Single(net.OutputsOf<Decided>(0)).Decision;
        Assert.Equal("h1r0", ((TestValue)decided.Value).Name);
        Assert.Null(decided.Certificate.Verify(TestValidators.ChainId, net.Set));
        Assert.Equal(3, net.Stores[0].Saves); // proposal, prevote, precommit: each durable before it left
    }

    [Fact]
    public void FourHonestValidators_WithTimelyMessages_DecideTheFirstProposal_InRoundZero()
    {
        var net = new CoreHarness(4, [3, 1, 2, 5]);
        net.StartAll();
        for (var i = 0; i < 4; i++)
        {
            var d = Assert.Single(net.OutputsOf<Decided>(i)).Decision;
            Assert.Equal(0, d.Round);
            Assert.Equal("h1r0", ((TestValue)d.Value).Name);
            Assert.Null(d.Certificate.Verify(TestValidators.ChainId, net.Set));
        }
    }

    [Fact]
    public void PrecommitsOfExactlyTwoThirds_DoNotDecide()
    {
        var net = new CoreHarness(3);
        var core = net.Cores[0];
        net.Feed(0, core.StartHeight(1, net.Rotation(1)));
        var proposer = net.IndexOf(core.ProposerOf(0));
        var value = new TestValue("v");
        var outputs = new List<ConsensusOutput>(core.OnProposal(net.Proposal(proposer, 1, 0, value), value));
        outputs.AddRange(core.OnValidity(1, value.Id, true));
        var others = Enumerable.Range(0, 3).Where(i => i != 0).ToList();
        outputs.AddRange(core.OnVote(net.Vote(others[0], VoteType.Precommit, 1, 0, value)));
        Assert.False(core.IsDecided); // 1 of 3
        outputs.AddRange(core.OnVote(net.Vote(others[1], VoteType.Precommit, 1, 0, value)));
        Assert.False(core.IsDecided); // 2 of 3 = exactly 2/3
    }

    [Fact]
    public void PrecommitsOfMoreThanTwoThirdsOfThePower_Decide_EvenFromFewValidators()
    {
        var net = new CoreHarness(4, [1, 1, 1, 10]);
        var observer = new ConsensusCore(net.Config, signer: null);
        observer.StartHeight(1, net.Rotation(1));
        var proposer = net.IndexOf(observer.ProposerOf(0));
        var value = new TestValue("v");
        observer.OnProposal(net.Proposal(proposer, 1, 0, value), value);
        observer.OnValidity(1, value.Id, true);
        foreach (var small in new[] { 0, 1, 2 }) observer.OnVote(net.Vote(small, VoteType.Precommit, 1, 0, value));
        Assert.False(observer.IsDecided); // three validators, 3 of 13
        observer.OnVote(net.Vote(3, VoteType.Precommit, 1, 0, value));
        Assert.True(observer.IsDecided); // with the heavy one, 13 of 13 (it alone is 10 of 13 > 2/3)
    }

    [Fact]
    public void AnInvalidProposal_IsPrevotedNil_AndNotDecided()
    {
        var net = new CoreHarness(4);
        net.Invalid.Add("h1r0");
        net.StartAll();
        Assert.All(Enumerable.Range(0, 4), i => Assert.Empty(net.OutputsOf<Decided>(i)));
        // The proposer takes its own value as valid (its host built it); every other validator prevotes nil.
        var proposer = net.Cores[0].ProposerOf(0);
        Assert.All(net.Log.Select(l => l.Output).OfType<BroadcastVote>().Where(v => v.Vote.Validator != proposer), v => Assert.True(v.Vote.Vote.IsNil));
    }
}
