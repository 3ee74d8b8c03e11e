using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>DESIGN §6 Governance: a grid-topology change passes by vote and is enacted only when the DSO co-signs it;
/// the grid module then runs it as the DSO's own message would run.</summary>
public sealed class GovernanceGridChangeTests : GovernanceTestBase
{
    private static readonly ProposalAction AddZone = ProposalAction.Grid(new AddZoneMessage(new ZoneId("Z9")));

    [Fact]
    public void AGridChangeCosignedByTheDso_IsEnactedAsTheDsosMessage()
    {
        var p = Pass(AddZone);
        Chain.Succeeds(TestKeys.Dso, new CosignMessage(p.Id));

        RunTo(p.EnactmentHeight);

        Assert.Equal(ProposalStatus.Enacted, ProposalOf(p.Id).Status);
        Assert.True(GridModule.Topology(Chain.State).HasZone(new ZoneId("Z9")));
    }

    [Fact]
    public void AGridChangeTheDsoProposes_IsCosignedByProposing()
    {
        var p = Propose(TestKeys.Dso, AddZone);
        Vote(p.Id, VoteChoice.Yes, V1, V2, V3);

        RunTo(p.EnactmentHeight);

        Assert.Equal(TestKeys.Dso.Address, ProposalOf(p.Id).CosignedBy);
        Assert.True(GridModule.Topology(Chain.State).HasZone(new ZoneId("Z9")));
    }

    [Fact]
    public void AGridChangeWithoutTheDsosSignature_FailsAtEnactment_ChangingNothing()
    {
        var p = Pass(AddZone);

        RunTo(p.EnactmentHeight);

        Assert.Equal(ProposalStatus.EnactmentFailed, ProposalOf(p.Id).Status);
        Assert.StartsWith(GovernanceCodes.NotCosigned, ProposalOf(p.Id).Outcome);
        Assert.False(GridModule.Topology(Chain.State).HasZone(new ZoneId("Z9")));
    }

    [Fact]
    public void AGridChangeTheGridRefuses_FailsAtEnactment_WithTheGridsCode()
    {
        var p = Pass(ProposalAction.Grid(new RemoveZoneMessage(new ZoneId("nowhere"))));
        Chain.Succeeds(TestKeys.Dso, new CosignMessage(p.Id));

        RunTo(p.EnactmentHeight);

        Assert.StartsWith(GridCodes.UnknownZone, ProposalOf(p.Id).Outcome);
    }

    [Fact]
    public void Cosign_ByAnyoneButTheDso_OrOfAnotherKind_IsRefused()
    {
        var grid = Propose(V1, AddZone);
        var text = Propose(V1, ProposalAction.Text(), "hello");

        Chain.Fails(V1, new CosignMessage(grid.Id), RejectionCodes.Unauthorized);
        Chain.Fails(TestKeys.Dso, new CosignMessage(text.Id), GovernanceCodes.NotAGridChange);
        Chain.Fails(TestKeys.Dso, new CosignMessage(99), GovernanceCodes.UnknownProposal);
    }

    [Fact]
    public void AGridChangeThatIsNoGridMessage_IsRefusedAtProposalTime()
    {
        var bogus = new ProposalAction(ProposalKind.GridChange, GridMessageType: 999, GridPayload: [1, 2, 3]);

        Chain.Fails(V1, new ProposeMessage(bogus, ""), GovernanceCodes.InvalidProposal);
    }
}
