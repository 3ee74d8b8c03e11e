using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>DESIGN §6 Governance: any GRID holder with the deposit may propose; bounds are checked at proposal time; votes
/// weigh bonded GRID (a nominator's bond counts for itself), yes/no/abstain, changeable until the end; quorum and
/// threshold decide; the deposit is returned when quorum is reached and burned when it is not.</summary>
public sealed class GovernanceProposalTests : GovernanceTestBase
{
    [Fact]
    public void Propose_ReservesTheDeposit_AndFixesTheVotingEndAndEnactmentHeight()
    {
        var p = Propose(N3, ProposalAction.SetParameter("tokens", "min_fee", 200), "raise the fee floor");

        Assert.Equal(new Balance(Funds - Deposit, Deposit), Chain.Grid(N3.Address));
        Assert.Equal((ProposalStatus.Voting, Chain.Height + VotingBlocks, Chain.Height + VotingBlocks + DelayBlocks, "raise the fee floor"),
            (p.Status, p.VotingEnd, p.EnactmentHeight, p.Description));
        Assert.Equal((100_000L, 500_000L), (p.QuorumPpm, p.ThresholdPpm));
    }

    [Theory]
    [InlineData("treasury", "max_terms", 1, GovernanceCodes.UnknownModule)]
    [InlineData("market", "slot_seconds", 900, GovernanceCodes.UnknownParameter)]
    [InlineData("tokens", "max_fee", 1, GovernanceCodes.UnknownParameter)]
    [InlineData("tokens", "min_fee", -1, GovernanceCodes.ParameterOutOfBounds)]
    [InlineData("auth", "max_tx_bytes", 100, GovernanceCodes.ParameterOutOfBounds)]
    [InlineData("staking", "max_nominations", 17, GovernanceCodes.ParameterOutOfBounds)]
    public void Propose_AParameterChangeOutsideWhatExists_IsRefusedAtProposalTime_ReservingNothing(string module, string name, long value, string code)
    {
        Chain.Fails(N3, new ProposeMessage(ProposalAction.SetParameter(module, name, value), ""), code);

        Assert.Equal(0UL, Chain.Grid(N3.Address).Reserved);
    }

    [Theory]
    [InlineData("grid", "slot_seconds", 3_600)]
    [InlineData("metering", "acceptance_window_s", 3_600)]
    public void AParameterWhoseChangeWouldBreakRunningState_IsFixedAtGenesis_AndAProposalToChangeItIsRefused(string module, string name, long value)
    {
        // Issue 13, item 4: a new slot length renumbers every slot (open books' gates and pending settlements move decades away
        // or close at once); a new acceptance window would accept readings of slots already settled, or settle slots early.
        var refused = Chain.Fails(N3, new ProposeMessage(ProposalAction.SetParameter(module, name, value), ""), GovernanceCodes.ParameterFixed);

        Assert.Contains("fixed at genesis", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0UL, Chain.Grid(N3.Address).Reserved);
    }

    [Fact]
    public void Propose_WithoutTheDeposit_OrAnEmptyTextSignal_OrBeyondTheActiveLimit_IsRefused()
    {
        var chain = new Staking.StakingTestChain(customize: g => g.WithParam("governance", "deposit", (long)(Funds + 1))
            .WithParam("governance", "max_active_proposals", 1));
        chain.Fails(N3, new ProposeMessage(ProposalAction.Text(), "x"), RejectionCodes.InsufficientFunds);
        GovernanceModule.Deposit.Set(chain.State, 1);
        chain.Fails(N3, new ProposeMessage(ProposalAction.Text(), " "), GovernanceCodes.InvalidProposal);
        chain.Succeeds(N3, new ProposeMessage(ProposalAction.Text(), "one"));

        chain.Fails(N3, new ProposeMessage(ProposalAction.Text(), "two"), GovernanceCodes.TooManyProposals);
    }

    [Fact]
    public void Votes_WeighTheVotersActiveBondAtTheTally_AndCanBeChangedUntilTheEnd()
    {
        var p = Propose(N3, ProposalAction.Text(), "signal");
        Vote(p.Id, VoteChoice.No, V1);
        Vote(p.Id, VoteChoice.Yes, V2, N1);
        Vote(p.Id, VoteChoice.Abstain, N2);
        Vote(p.Id, VoteChoice.Yes, V1);
        Chain.Succeeds(N1, new BondMessage(new Amount(100 * Unit)));

        Assert.Equal(new Tally(2_400 * Unit, 0, 300 * Unit, 3_300 * Unit),
            GovernanceModule.LiveTally(Chain.State, p.Id, StakingQueries.ActiveBond, StakingQueries.TotalActive));
        RunTo(p.VotingEnd);

        var tallied = ProposalOf(p.Id);
        Assert.Equal((ProposalStatus.Passed, new Tally(2_400 * Unit, 0, 300 * Unit, 3_300 * Unit)), (tallied.Status, tallied.Tally));
        Assert.Equal(new Balance(Funds, 0), Chain.Grid(N3.Address));
    }

    [Fact]
    public void AProposalMissingQuorum_BurnsItsDeposit_AccountedAsForfeited()
    {
        var p = Propose(N3, ProposalAction.Text(), "nobody cares");
        Vote(p.Id, VoteChoice.Yes, N2);
        var supply = TokensModule.Supply(Chain.State, Token.Grid);

        RunTo(p.VotingEnd);

        Assert.Equal(ProposalStatus.NoQuorum, ProposalOf(p.Id).Status);
        Assert.Equal(new Balance(Funds - Deposit, 0), Chain.Grid(N3.Address));
        Assert.Equal(supply - Deposit, TokensModule.Supply(Chain.State, Token.Grid));
        Assert.Equal(Deposit, StakingState.Issuance(Chain.State).Forfeited);
    }

    [Fact]
    public void AProposalReachingQuorumButNotTheThreshold_IsRejected_AndItsDepositReturned()
    {
        var p = Propose(N3, ProposalAction.SetParameter("tokens", "min_fee", 200));
        Vote(p.Id, VoteChoice.No, V1);
        Vote(p.Id, VoteChoice.Yes, V2);

        RunTo(p.VotingEnd + DelayBlocks + 1);

        Assert.Equal(ProposalStatus.Rejected, ProposalOf(p.Id).Status);
        Assert.Equal(new Balance(Funds, 0), Chain.Grid(N3.Address));
        Assert.Equal(100, TokensModule.MinFee.Get(Chain.State));
    }

    [Fact]
    public void Vote_WithoutABond_OnAnUnknownProposal_OrAfterTheEnd_IsRefused()
    {
        var p = Propose(N3, ProposalAction.Text(), "signal");
        Chain.Fails(N3, new VoteMessage(p.Id, VoteChoice.Yes), GovernanceCodes.NoVotingPower);
        Chain.Fails(V1, new VoteMessage(p.Id + 1, VoteChoice.Yes), GovernanceCodes.UnknownProposal);
        RunTo(p.VotingEnd);

        Chain.Fails(V1, new VoteMessage(p.Id, VoteChoice.Yes), GovernanceCodes.VotingClosed);
    }

    [Fact]
    public void AddIssuer_IsEnactedOnlyForAnAccountHoldingTheIssuerAccessBond()
    {
        var without = Pass(ProposalAction.AddIssuer(N3.Address, N3.Address));
        RunTo(without.EnactmentHeight);
        Assert.Equal(ProposalStatus.EnactmentFailed, ProposalOf(without.Id).Status);
        Assert.StartsWith(GovernanceCodes.AccessBondMissing, ProposalOf(without.Id).Outcome);
        Assert.False(StablecoinModule.IsActiveIssuer(Chain.State, N3.Address));

        Chain.Succeeds(N3, new PostAccessBondMessage(AccessRoles.Issuer));
        var with = Pass(ProposalAction.AddIssuer(N3.Address, N3.Address));
        RunTo(with.EnactmentHeight);

        Assert.Equal(ProposalStatus.Enacted, ProposalOf(with.Id).Status);
        Assert.True(StablecoinModule.IsActiveIssuer(Chain.State, N3.Address));
        Chain.Fails(V1, new ProposeMessage(ProposalAction.AddIssuer(N3.Address, N3.Address), ""), StablecoinCodes.IssuerExists);

        var remove = Pass(ProposalAction.RemoveIssuer(N3.Address));
        RunTo(remove.EnactmentHeight);
        Assert.False(StablecoinModule.IsActiveIssuer(Chain.State, N3.Address));
        Chain.Fails(V1, new ProposeMessage(ProposalAction.RemoveIssuer(N3.Address), ""), StablecoinCodes.IssuerNotActive);
    }

    /// <summary>The state's keys outside what every block touches (fees, nonces, reward points) and governance's own.</summary>
    private List<string> KeysBesidesBookkeeping() => [.. Chain.State.Snapshot().Select(kv => kv.Key.ToString())
        .Where(k => !new[] { "gov/", "tokens/", "auth/nonce", "staking/points" }.Any(p => k.StartsWith(p, StringComparison.Ordinal)))];

    [Fact]
    public void ATextSignal_IsEnactedWithoutChangingAnything()
    {
        var p = Pass(ProposalAction.Text(), "we like the sun");
        RunTo(p.EnactmentHeight - 2);
        var before = KeysBesidesBookkeeping();

        Chain.Block();

        Assert.Equal(ProposalStatus.Enacted, ProposalOf(p.Id).Status);
        Assert.Equal(before, KeysBesidesBookkeeping());
    }
}
