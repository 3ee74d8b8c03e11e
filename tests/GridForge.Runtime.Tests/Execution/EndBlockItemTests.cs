using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.State;
using GridForge.Runtime.Tests.Modules.Disputes;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Staking;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>Issue 13, item 1: every end-of-block item runs on an overlay of its own and one that fails is put in a defined
/// state while the rest of the block goes on — a book's gate closure (tried again, then set aside), a dispute's default ruling
/// (left to the arbitrator), an era's end (the era still ends), a proposal's tally (failed, deposit returned). Each failure is
/// provoked by a corrupt record, the one thing no transaction can write.</summary>
public sealed class EndBlockItemTests
{
    private static void Corrupt(IState state, StateKey key, byte[]? bytes = null) => ((StateStore)state).Apply([new(key, bytes ?? [0xFF])]);

    [Fact]
    public void ABookWhoseGateClosureFails_StaysClosedToOrders_IsTriedAgain_ThenSetAside_AndOtherBooksClose()
    {
        var chain = Create();
        chain.ProductionMeter("alice-pv", GridTestChain.Alice.Address);
        var (s1, s2) = (Ahead(2), Ahead(3));
        var resting = chain.Place(GridTestChain.Alice, Sell(s1, 60_000, 1_000));
        chain.Place(GridTestChain.Alice, Sell(s2, 60_000, 1_000));
        Corrupt(chain.State, MarketStore.OrderKey(resting));

        chain.Time = GateTime(s1);
        var events = Enumerable.Range(0, ItemAttempts.Max).SelectMany(_ => chain.RunBlockEvents()).ToList();

        Assert.Equal(ItemAttempts.Max, events.Count(e => e.Kind == MarketEvents.GateClosureFailed));
        Assert.Equal([s1.Index], MarketStore.StalledSlots(chain.State));
        Assert.Equal([s2.Index], MarketStore.OpenSlots(chain.State));
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, Buy(s1, 90_000, 100), MarketCodes.SlotClosed);
        Assert.Single(chain.BlockAt(GateTime(s2)), e => e.Kind == MarketEvents.GateClosed);
    }

    [Fact]
    public void ADisputeWhoseDefaultRulingFails_LeavesTheDueList_KeepsItsHold_AndTheArbitratorMayStillRuleAfterTheDeadline()
    {
        var chain = DisputeChain.NewChain();
        var pv = chain.TradeAliceToBob();
        chain.Settle(pv, 1_500);
        var first = chain.Opens(DisputeChain.Bob, DisputeChain.Open(claim: 30_000));
        var key = DisputesStore.DisputeKey(first);
        var record = chain.State.Get(key)!;
        var deadline = chain.Dispute(first).Deadline;
        Corrupt(chain.State, key);

        var events = chain.BlockAt(deadline);

        Assert.Equal(first, Assert.Single(events.Decoded<DefaultRulingFailed>()).Id);
        Assert.Empty(DueList.All(chain.State));
        // Repaired (say, by a later runtime), the dispute is the arbitrator's again, though past its deadline.
        Corrupt(chain.State, key, record);
        Assert.True(chain.Dispute(first).IsOpen);
        chain.Ok(DisputeChain.Dso, DisputeChain.Correct(first, 20_000));
        Assert.Equal(DisputeStatus.Corrected, chain.Dispute(first).Status);
    }

    [Fact]
    public void AnEraWhoseEndFails_StillEnds_KeepingTheValidatorSet_AndTheNextEraEndsNormally()
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "era_blocks", 5));
        var validators = chain.Validators;
        var era = chain.Era.Index;
        // Paying the era reads each validator's exposure; one is now corrupt.
        var k = new byte[8 + Address.Size];
        BinaryPrimitives.WriteUInt64BigEndian(k, era);
        validators.Members[0].Address.CopyTo(k.AsSpan(8));
        Corrupt(chain.State, StateKey.Of("staking/exposure/", k));

        var events = chain.RunToEraEnd();

        Assert.Single(events, e => e.Kind == StakingEvents.EraEndFailed);
        Assert.Equal(era + 1, chain.Era.Index);
        Assert.Equal(validators.Hash(), chain.Validators.Hash());
        Assert.Single(chain.RunToEraEnd(), e => e.Kind == StakingEvents.EraStarted);
        Assert.Equal(era + 2, chain.Era.Index);
    }

    private sealed class GovernanceChain : Modules.Governance.GovernanceTestBase
    {
        public StakingTestChain Staking => Chain;

        public Proposal ProposeText() => Propose(StakingTestChain.V1, ProposalAction.Text(), "a signal");

        public void Yes(ulong id) => Vote(id, VoteChoice.Yes, StakingTestChain.V1, StakingTestChain.V2);

        public void To(ulong height) => RunTo(height);

        public Proposal Get(ulong id) => ProposalOf(id);
    }

    [Fact]
    public void AProposalWhoseTallyFails_EndsAsFailed_WithItsDepositReturned_AndOtherProposalsAreTallied()
    {
        var g = new GovernanceChain();
        var grid = g.Staking.Grid(StakingTestChain.V1.Address);
        var broken = g.ProposeText();
        var sound = g.ProposeText();
        g.Yes(broken.Id);
        g.Yes(sound.Id);
        var k = new byte[8 + Address.Size];
        BinaryPrimitives.WriteUInt64BigEndian(k, broken.Id);
        StakingTestChain.V1.Address.CopyTo(k.AsSpan(8));
        Corrupt(g.Staking.State, StateKey.Of("gov/vote/", k), []);

        g.To(sound.VotingEnd);

        Assert.Equal((ProposalStatus.Failed, ProposalStatus.Passed), (g.Get(broken.Id).Status, g.Get(sound.Id).Status));
        Assert.StartsWith(RejectionCodes.InternalError, g.Get(broken.Id).Outcome, StringComparison.Ordinal);
        Assert.Equal(grid, g.Staking.Grid(StakingTestChain.V1.Address));
    }
}
