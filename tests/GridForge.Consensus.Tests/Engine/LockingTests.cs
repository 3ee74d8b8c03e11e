using GridForge.Consensus.Engine;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;

namespace GridForge.Consensus.Tests.Engine;

/// <summary>Lines 22–46 on one core fed by hand: the lock, its release by a newer polka, nil votes and round changes.</summary>
public class LockingTests
{
    private static readonly TestValue A = new("A"), B = new("B");

    /// <summary>Four equal validators; the core under test is the proposer of round 3, so rounds 0–2 are others'.</summary>
    private sealed class Scene
    {
        public Scene(CoreMutation mutation = CoreMutation.None)
        {
            Net = new CoreHarness(4, config: new ConsensusConfig(TestValidators.ChainId) { Mutation = mutation });
            var probe = new ConsensusCore(Net.Config, null);
            probe.StartHeight(1, Net.Rotation(1));
            Me = Net.IndexOf(probe.ProposerOf(3));
            Others = [.. Enumerable.Range(0, 4).Where(i => i != Me)];
            Core = Net.Cores[Me];
            Record(Core.StartHeight(1, Net.Rotation(1)));
        }

        public CoreHarness Net { get; }

        public int Me { get; }

        public List<int> Others { get; }

        public ConsensusCore Core { get; }

        public List<ConsensusOutput> Outputs { get; } = [];

        public void Record(IReadOnlyList<ConsensusOutput> outputs) => Outputs.AddRange(outputs);

        public int ProposerIndex(int round) => Net.IndexOf(Core.ProposerOf(round));

        public void Propose(int round, TestValue value, int validRound = -1)
        {
            Record(Core.OnProposal(Net.Proposal(ProposerIndex(round), 1, round, value, validRound), value));
            Record(Core.OnValidity(1, value.Id, true));
        }

        public void Votes(VoteType type, int round, TestValue? value, params int[] from)
        {
            foreach (var i in from) Record(Core.OnVote(Net.Vote(i, type, 1, round, value)));
        }

        public SignedVote LastVote(VoteType type) => Outputs.OfType<BroadcastVote>().Last(v => v.Vote.Vote.Type == type).Vote;

        /// <summary>Round 0: A is prevoted by everyone, this core locks it and precommits it, but the others precommit nil.</summary>
        public void LockOnAInRoundZero()
        {
            Propose(0, A);
            Votes(VoteType.Prevote, 0, A, Others[0], Others[1]);
            Assert.Equal(A.Id, LastVote(VoteType.Precommit).Vote.ValueId);
            Assert.Equal(new LockState(0, A.Id, 0, A.Id), Core.Locks);
            Votes(VoteType.Precommit, 0, null, Others[0], Others[1]);
            Record(Core.OnTimeout(new RoundTimeout(TimeoutKind.Precommit, 1, 0)));
            Assert.Equal(1, Core.Round);
        }
    }

    [Fact]
    public void AValidatorLockedOnAValue_PrevotesNil_ForAnotherFreshProposal()
    {
        var s = new Scene();
        s.LockOnAInRoundZero();
        s.Propose(1, B);
        Assert.True(s.LastVote(VoteType.Prevote).Vote is { Round: 1, IsNil: true });
    }

    [Fact]
    public void WithoutTheLockRule_TheSameValidatorPrevotesTheOtherValue()
    {
        var s = new Scene(CoreMutation.NoLockRule);
        s.LockOnAInRoundZero();
        s.Propose(1, B);
        Assert.Equal(B.Id, s.LastVote(VoteType.Prevote).Vote.ValueId);
    }

    [Fact]
    public void AValidatorLockedOnAValue_PrevotesItAgain_WhenItIsProposedAgain()
    {
        var s = new Scene();
        s.LockOnAInRoundZero();
        s.Propose(1, A, validRound: 0);
        Assert.Equal(A.Id, s.LastVote(VoteType.Prevote).Vote.ValueId);
    }

    [Fact]
    public void ALock_IsReleased_ByAProposalWhoseValidRoundHasALaterPolka()
    {
        var s = new Scene();
        s.LockOnAInRoundZero();
        // Round 1: B gets prevotes of 3 of 4 (not ours) while we time out; round 2 re-proposes B with valid round 1.
        s.Propose(1, B);
        s.Votes(VoteType.Prevote, 1, B, s.Others[0], s.Others[1], s.Others[2]);
        s.Record(s.Core.OnTimeout(new RoundTimeout(TimeoutKind.Precommit, 1, 1)));
        Assert.Equal(2, s.Core.Round);
        s.Propose(2, B, validRound: 1);
        Assert.Equal(B.Id, s.LastVote(VoteType.Prevote).Vote.ValueId);
    }

    [Fact]
    public void AProposalClaimingAValidRound_WithoutItsPolka_GetsNoPrevote()
    {
        var s = new Scene();
        s.LockOnAInRoundZero();
        s.Propose(1, B, validRound: 0); // nobody prevoted B in round 0
        Assert.Equal(Step.Propose, s.Core.Step);
        Assert.DoesNotContain(s.Outputs.OfType<BroadcastVote>(), v => v.Vote.Vote.Round == 1);
    }

    [Fact]
    public void WithoutTheValidRoundCheck_AnUnfoundedClaimReleasesTheLock()
    {
        var s = new Scene(CoreMutation.UncheckedValidRound);
        s.LockOnAInRoundZero();
        s.Propose(1, B, validRound: 0);
        Assert.Equal(B.Id, s.LastVote(VoteType.Prevote).Vote.ValueId);
    }

    [Fact]
    public void TwoThirdsOfNilPrevotes_GiveANilPrecommit()
    {
        var s = new Scene();
        s.Record(s.Core.OnTimeout(new RoundTimeout(TimeoutKind.Propose, 1, 0)));
        Assert.True(s.LastVote(VoteType.Prevote).Vote.IsNil);
        s.Votes(VoteType.Prevote, 0, null, s.Others[0], s.Others[1]);
        Assert.True(s.LastVote(VoteType.Precommit).Vote.IsNil);
    }

    [Fact]
    public void MessagesOfALaterRound_FromMoreThanOneThird_StartThatRound()
    {
        var s = new Scene();
        s.Votes(VoteType.Prevote, 5, null, s.Others[0]);
        Assert.Equal(0, s.Core.Round); // 1 of 4 is not more than 1/3
        s.Votes(VoteType.Precommit, 5, null, s.Others[1]);
        Assert.Equal(5, s.Core.Round); // 2 of 4 is
    }

    [Fact]
    public void Timeouts_GrowWithTheRound()
    {
        var s = new Scene();
        var first = s.Outputs.OfType<ScheduleTimeout>().Single(t => t.Timeout.Kind == TimeoutKind.Propose);
        s.Votes(VoteType.Prevote, 3, null, s.Others[0], s.Others[1]);
        var later = s.Outputs.OfType<ScheduleTimeout>().Last(t => t.Timeout.Kind == TimeoutKind.Propose);
        Assert.Equal(3, later.Timeout.Round);
        Assert.Equal(first.DelayMs + (3 * s.Net.Config.Timeouts.ProposeDeltaMs), later.DelayMs);
    }

    [Fact]
    public void ConflictingVotesOfAValidator_AreReportedOnce_AsVerifiableEvidence()
    {
        var s = new Scene();
        var offender = s.Others[0];
        s.Votes(VoteType.Prevote, 0, A, offender);
        s.Votes(VoteType.Prevote, 0, B, offender);
        s.Votes(VoteType.Prevote, 0, null, offender);
        var evidence = Assert.Single(s.Outputs.OfType<EvidenceDetected>()).Evidence;
        Assert.Equal(s.Net.Keys[offender].Address, evidence.Validator);
        Assert.Null(evidence.Verify(TestValidators.ChainId));
    }

    [Fact]
    public void AValidatorRestartedFromItsDurableState_KeepsItsLock_AndSendsItsVotesAndItsPolkaAgain()
    {
        var s = new Scene();
        s.LockOnAInRoundZero();
        var precommit = s.Outputs.OfType<BroadcastVote>().Single(v => v.Vote.Vote.Type == VoteType.Precommit).Vote;

        // The process dies; a new one starts from the same sign-state store.
        var guard = new DoubleSignGuard(s.Net.Keys[s.Me], s.Net.Stores[s.Me], TestValidators.ChainId);
        var restarted = new ConsensusCore(s.Net.Config, guard);
        var outputs = restarted.StartHeight(1, s.Net.Rotation(1));
        Assert.Equal((0, Step.Precommit), (restarted.Round, restarted.Step));
        Assert.Equal(A.Id, restarted.Locks.LockedValue);
        var again = outputs.OfType<BroadcastVote>().Select(v => v.Vote).ToList();
        var mine = again.Where(v => v.Validator == s.Net.Keys[s.Me].Address).Select(v => v.Vote.Type).Distinct();
        Assert.Equal([VoteType.Prevote, VoteType.Precommit], mine);
        Assert.Contains(again, v => v.SameAs(precommit));
        // The polka it locked on (others' prevotes, perhaps sent to it alone) is relayed too, so others can unlock to it.
        Assert.Equal([s.Net.Keys[s.Others[0]].Address, s.Net.Keys[s.Others[1]].Address],
            again.Where(v => v.Validator != s.Net.Keys[s.Me].Address).Select(v => v.Validator).Order());

        // Round 1 offers B: the lock survived, so the restarted validator prevotes nil.
        restarted.OnTimeout(new RoundTimeout(TimeoutKind.Precommit, 1, 0));
        var p = restarted.ProposerOf(1);
        restarted.OnProposal(s.Net.Proposal(s.Net.IndexOf(p), 1, 1, B), B);
        var prevote = restarted.OnValidity(1, B.Id, true).OfType<BroadcastVote>().Single().Vote;
        Assert.True(prevote.Vote.IsNil);
    }
}
