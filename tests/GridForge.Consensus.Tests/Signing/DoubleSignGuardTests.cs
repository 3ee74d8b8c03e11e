using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Tests.Signing;

public class DoubleSignGuardTests
{
    private static readonly Hash32 A = new TestValue("A").Id, B = new TestValue("B").Id;

    private static (DoubleSignGuard Guard, MemorySignStateStore Store) Fresh()
    {
        var store = new MemorySignStateStore();
        return (new DoubleSignGuard(TestValidators.Key(1), store, TestValidators.ChainId), store);
    }

    [Fact]
    public void TheSameVoteAgain_GetsTheSameSignature_ButAConflictingOneNone()
    {
        var (guard, _) = Fresh();
        var first = guard.SignVote(new Vote(VoteType.Prevote, 5, 2, A), LockState.None, [])!;
        Assert.Equal(first.Signature, guard.SignVote(new Vote(VoteType.Prevote, 5, 2, A), LockState.None, [])!.Signature);
        Assert.Null(guard.SignVote(new Vote(VoteType.Prevote, 5, 2, B), LockState.None, []));
        Assert.Null(guard.SignVote(new Vote(VoteType.Prevote, 5, 2, null), LockState.None, []));
    }

    [Theory]
    [InlineData(4UL, 9, VoteType.Precommit)] // lower height
    [InlineData(5UL, 1, VoteType.Precommit)] // lower round
    [InlineData(5UL, 2, VoteType.Prevote)] // earlier step
    public void Signing_NeverGoesBack(ulong height, int round, VoteType type)
    {
        var (guard, _) = Fresh();
        Assert.NotNull(guard.SignVote(new Vote(VoteType.Precommit, 5, 2, A), LockState.None, []));
        Assert.Null(guard.SignVote(new Vote(type, height, round, A), LockState.None, []));
        Assert.Equal(1, guard.Refusals);
    }

    [Fact]
    public void EverySignature_IsSavedBeforeItIsReturned()
    {
        var (guard, store) = Fresh();
        var signed = guard.SignProposal(new Proposal(3, 0, A, -1), new LockState(-1, null, -1, null), [])!;
        Assert.Equal(1, store.Saves);
        var saved = store.Load()!;
        Assert.Equal((3UL, 0, SignStep.Proposal), (saved.Height, saved.Round, saved.Step));
        Assert.Equal(signed.Signature, saved.Signature);
        Assert.True(signed.Verify(TestValidators.ChainId));
    }

    [Fact]
    public void AfterARestart_TheGuardStillRefusesWhatWouldConflict()
    {
        var (guard, store) = Fresh();
        var locks = new LockState(2, A, 2, A);
        guard.SignVote(new Vote(VoteType.Precommit, 7, 2, A), locks, []);
        var restarted = new DoubleSignGuard(TestValidators.Key(1), store, TestValidators.ChainId);
        Assert.Null(restarted.SignVote(new Vote(VoteType.Precommit, 7, 2, B), LockState.None, []));
        Assert.Null(restarted.SignVote(new Vote(VoteType.Prevote, 7, 2, B), LockState.None, []));
        Assert.Equal(locks, restarted.LastSigned!.Lock);
        Assert.NotNull(restarted.SignVote(new Vote(VoteType.Prevote, 7, 3, B), LockState.None, []));
    }

    [Fact]
    public void SignState_RoundTripsThroughItsEncoding()
    {
        var (guard, _) = Fresh();
        guard.SignVote(new Vote(VoteType.Prevote, 9, 3, A), LockState.None, []);
        var vote = guard.SignVote(new Vote(VoteType.Precommit, 9, 3, null), LockState.None, [])!;
        var state = new SignState(9, 4, SignStep.Proposal, A, new byte[64], B, 2, new LockState(1, A, 2, B)) { HeightVotes = guard.LastSigned!.HeightVotes };
        var decoded = SignState.Decode(state.Encode());
        Assert.Equal(state.Encode(), decoded.Encode());
        Assert.Equal((9UL, 4, SignStep.Proposal, B, 2, new LockState(1, A, 2, B)),
            (decoded.Height, decoded.Round, decoded.Step, decoded.ValueId, decoded.ValidRound, decoded.Lock));
        Assert.Equal(2, decoded.HeightVotes.Count);
        Assert.True(decoded.HeightVotes[1].SameAs(vote));
    }

    [Fact]
    public void TheVotesOfTheLastHeight_AreKept_AndForgottenAtTheNext()
    {
        var (guard, store) = Fresh();
        guard.SignVote(new Vote(VoteType.Prevote, 4, 0, A), LockState.None, []);
        guard.SignVote(new Vote(VoteType.Precommit, 4, 0, A), LockState.None, []);
        Assert.Equal(2, store.Load()!.HeightVotes.Count);
        guard.SignProposal(new Proposal(5, 0, B, -1), LockState.None, []);
        Assert.Empty(store.Load()!.HeightVotes);
    }

    [Fact]
    public void VotesOfOtherChainsRoundsOrTypes_HaveOtherSignBytes()
    {
        var vote = new Vote(VoteType.Prevote, 1, 0, A);
        var bytes = new[]
        {
            vote.SignBytes("chain-a"), vote.SignBytes("chain-b"), (vote with { Round = 1 }).SignBytes("chain-a"),
            (vote with { Type = VoteType.Precommit }).SignBytes("chain-a"), (vote with { ValueId = null }).SignBytes("chain-a"),
            (vote with { Height = 2 }).SignBytes("chain-a"), new Proposal(1, 0, A, -1).SignBytes("chain-a"),
        };
        Assert.Equal(bytes.Length, bytes.Distinct().Count());
    }
}
