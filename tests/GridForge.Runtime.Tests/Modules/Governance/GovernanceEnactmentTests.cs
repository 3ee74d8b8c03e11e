using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>Issue 7: a parameter change enacted by governance changes behaviour at exactly its enactment height — the
/// block before runs under the old value, the enactment height's block under the new one.</summary>
public sealed class GovernanceEnactmentTests : GovernanceTestBase
{
    [Fact]
    public void TokensMinFee_ChangedByGovernance_RefusesALowFeeFromExactlyTheEnactmentHeight()
    {
        var p = Pass(ProposalAction.SetParameter("tokens", "min_fee", 5_000));
        Assert.Equal(p.VotingEnd + DelayBlocks, p.EnactmentHeight);
        RunTo(p.EnactmentHeight - 2);

        // Block E − 1 runs under the old minimum (100 µWATT) and takes a 1,000 µWATT fee.
        var before = Chain.Offer(Chain.Tx(N3, new TransferMessage(V4.Address, Token.Watt, new Amount(1))));
        Assert.Equal(p.EnactmentHeight - 1, Chain.Height);
        Assert.True(before.Result is { Success: true }, before.Exclusion?.ToString());
        Assert.Contains(Chain.LastEndBlockEvents.Decoded<ProposalEnacted>(), e => e.Id == p.Id);

        // Block E refuses it: the minimum is now 5,000.
        var after = Chain.Offer(Chain.Tx(N3, new TransferMessage(V4.Address, Token.Watt, new Amount(1))));
        Assert.Equal(p.EnactmentHeight, Chain.Height);
        Assert.Equal(RejectionCodes.FeeTooLow, after.Exclusion?.Code);
        Assert.Equal(5_000, TokensModule.MinFee.Get(Chain.State));
        Assert.Equal(ProposalStatus.Enacted, ProposalOf(p.Id).Status);
    }

    [Fact]
    public void AuthMaxTxBytes_ChangedByGovernance_RefusesALargeTransactionFromExactlyTheEnactmentHeight()
    {
        var p = Pass(ProposalAction.SetParameter("auth", "max_tx_bytes", 1_024));
        var large = Chain.Tx(N3, new ProposeMessage(ProposalAction.Text(), new string('x', 1_000)));
        Assert.True(large.Encoded.Length > 1_024);
        RunTo(p.EnactmentHeight - 2);
        Assert.NotNull(Chain.Runtime.Decode(large.Encoded, Chain.State, out _));

        Chain.Block();

        Assert.Null(Chain.Runtime.Decode(large.Encoded, Chain.State, out var refused));
        Assert.Equal(RejectionCodes.Oversized, refused?.Code);
        Assert.Equal(1_024, AuthModule.MaxTxBytes.Get(Chain.State));
    }

    [Fact]
    public void GridMaxFee_ChangedByGovernance_LetsTheDsoSetAHigherFeeFromExactlyTheEnactmentHeight()
    {
        var p = Pass(ProposalAction.SetParameter("grid", "max_fee", 20_000_000));
        RunTo(p.EnactmentHeight - 2);

        Assert.Equal(GridCodes.FeeOutOfBounds, Chain.Send(TestKeys.Dso, new SetFeesMessage(new PricePerKwh(15_000_000), 0))?.Code);
        Assert.Equal(p.EnactmentHeight - 1, Chain.Height);
        Assert.Null(Chain.Send(TestKeys.Dso, new SetFeesMessage(new PricePerKwh(15_000_000), 0)));
        Assert.Equal(15_000_000, GridModule.Topology(Chain.State).LocalFee);
    }

    [Fact]
    public void AGovernanceParameter_ChangedByGovernance_JudgesOnlyLaterProposalsByTheNewRule()
    {
        var change = Pass(ProposalAction.SetParameter("governance", "voting_period_blocks", 20));
        var earlier = Propose(V2, ProposalAction.Text(), "made under the old period");
        RunTo(change.EnactmentHeight);

        var later = Propose(V2, ProposalAction.Text(), "made under the new period");

        Assert.Equal(earlier.SubmittedHeight + VotingBlocks, earlier.VotingEnd);
        Assert.Equal(later.SubmittedHeight + 20, later.VotingEnd);
    }

    [Fact]
    public void AStakingParameter_ChangedByGovernance_ShortensTheEraFromTheEnactmentHeight()
    {
        var p = Pass(ProposalAction.SetParameter("staking", "era_blocks", 2));
        RunTo(p.EnactmentHeight - 1);
        Assert.Equal(0UL, Chain.Era.Index);

        Chain.Block();

        Assert.Equal((1UL, p.EnactmentHeight + 1), (Chain.Era.Index, Chain.Era.StartHeight));
    }

    [Fact]
    public void TheLocalGridFee_ChangedByACosignedGridProposal_IsWhatTheMarketReadsFromExactlyTheEnactmentHeight()
    {
        var p = Pass(ProposalAction.Grid(new SetFeesMessage(new PricePerKwh(7_000), 250)));
        Chain.Succeeds(TestKeys.Dso, new CosignMessage(p.Id));
        RunTo(p.EnactmentHeight - 2);
        Assert.Equal(0, GridModule.Topology(Chain.State).LocalFee);

        Chain.Block();

        Assert.Equal((7_000L, 250L), (GridModule.Topology(Chain.State).LocalFee, GridModule.Topology(Chain.State).CongestionPermille));
    }
}
