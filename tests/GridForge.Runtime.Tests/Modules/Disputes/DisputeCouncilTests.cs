using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Disputes.DisputeChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Disputes;

/// <summary>With a council (charlie, the DSO and the gateway, two to rule) a ruling takes effect when two members have
/// submitted the same one; each member votes once, holds the arbitrator access bond, and is never a party.</summary>
public sealed class DisputeCouncilTests
{
    private static readonly Core.Crypto.SigningKey Gateway = GridTestChain.Gateway;

    private readonly GridTestChain _chain = NewChain(b => b.WithParam(StakingModule.ModuleName, StakingModule.ArbitratorBond.Name, 100_000_000));

    public DisputeCouncilTests()
    {
        DisputesStore.SetCouncil(_chain.State, new DisputeCouncil([Charlie.Address, Dso.Address, Gateway.Address], 2));
        _chain.Ok(Charlie, new PostAccessBondMessage(AccessRoles.Arbitrator));
        _chain.Ok(Dso, new PostAccessBondMessage(AccessRoles.Arbitrator));
        _chain.TradeAliceToBob();
    }

    [Fact]
    public void ARuling_TakesEffectWhenThresholdMembersAgree_AndEachMemberVotesOnce()
    {
        var id = _chain.Opens(Bob, Open(claim: 50_000));
        _chain.FailsChangingOnlyFeeAndNonce(Alice, Correct(id, 20_000), DisputesCodes.NotArbitrator);
        _chain.FailsChangingOnlyFeeAndNonce(Gateway, Correct(id, 20_000), DisputesCodes.AccessBondMissing);
        _chain.Ok(Gateway, new PostAccessBondMessage(AccessRoles.Arbitrator));

        var first = Assert.Single(_chain.Ok(Charlie, Correct(id, 20_000)));
        var vote = Assert.IsType<DisputeVoted>(first.Decode());
        Assert.Equal((1, 2U), (vote.Votes, vote.Threshold));
        _chain.FailsChangingOnlyFeeAndNonce(Charlie, Correct(id, 20_000), DisputesCodes.AlreadyVoted);
        // A different ruling does not add to the first.
        Assert.Equal(1, Assert.IsType<DisputeVoted>(Assert.Single(_chain.Ok(Dso, Correct(id, 20_001))).Decode()).Votes);
        Assert.True(_chain.Dispute(id).IsOpen);

        var events = _chain.Ok(Gateway, Correct(id, 20_000));

        Assert.Equal([DisputesEvents.Vote, DisputesEvents.Ruled], events.Select(e => e.Kind));
        var d = _chain.Dispute(id);
        Assert.Equal((DisputeStatus.Corrected, 20_000UL, 3), (d.Status, d.ToOpener, d.Votes.Count));
        Assert.Equal([Charlie.Address, Dso.Address, Gateway.Address], d.Votes.Select(v => v.Arbitrator));
    }

    [Fact]
    public void AMemberWhoIsAParty_MayNotRule()
    {
        _chain.Place(Alice, Sell(Slot, 60_000, 500));
        _chain.Place(Charlie, Buy(Slot, 80_000, 500));
        var id = _chain.Opens(Alice, Open(Runtime.Modules.Disputes.DisputeSubject.Trade(Slot, 1), claim: 1_000));

        _chain.FailsChangingOnlyFeeAndNonce(Charlie, Uphold(id), DisputesCodes.PartyCannotRule);
    }

    [Fact]
    public void WithACouncil_TheDsoAloneNoLongerDecides()
    {
        var id = _chain.Opens(Bob, Open());

        _chain.Ok(Dso, Uphold(id));

        Assert.True(_chain.Dispute(id).IsOpen);
        Assert.Equal(2U, DisputesQueries.Arbitrators(_chain.State).Threshold);
    }
}
