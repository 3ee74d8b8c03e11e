using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>Governance sets the dispute council (members and threshold) or clears it, so the DSO arbitrates again; a
/// council that could never rule is refused when proposed.</summary>
public sealed class GovernanceCouncilTests : GovernanceTestBase
{
    [Fact]
    public void SetCouncil_PassedByGovernance_MakesTheCouncilTheArbitrator_AndClearingItReturnsToTheDso()
    {
        Assert.Equal([TestKeys.Dso.Address], DisputesQueries.Arbitrators(Chain.State).Members);
        var p = Pass(ProposalAction.SetCouncil([N1.Address, N2.Address, N3.Address], 2));
        RunTo(p.EnactmentHeight - 1);

        // Enacted at the end of the block before its enactment height.
        Assert.Contains(Chain.LastEndBlockEvents.Decoded<DisputeCouncilSet>(), e => e.Threshold == 2);
        Assert.Equal(ProposalStatus.Enacted, ProposalOf(p.Id).Status);
        var council = DisputesStore.Council(Chain.State)!;
        Assert.Equal([N1.Address, N2.Address, N3.Address], council.Members);
        Assert.Equal(2U, council.Threshold);

        var clear = Pass(ProposalAction.SetCouncil([], 0));
        RunTo(clear.EnactmentHeight);
        Assert.Null(DisputesStore.Council(Chain.State));
        Assert.Equal([TestKeys.Dso.Address], DisputesQueries.Arbitrators(Chain.State).Members);
    }

    public static TheoryData<Address[], uint> InvalidCouncils() => new()
    {
        { [N1.Address, N2.Address], 3 },
        { [N1.Address, N2.Address], 0 },
        { [N1.Address, N1.Address], 1 },
        { [Address.None], 1 },
        { [], 1 },
    };

    [Theory]
    [MemberData(nameof(InvalidCouncils))]
    public void SetCouncil_ThatCouldNeverRule_IsRefusedAtProposal(Address[] members, uint threshold) =>
        Chain.Fails(N3, new ProposeMessage(ProposalAction.SetCouncil(members, threshold), ""), DisputesCodes.InvalidCouncil);
}
