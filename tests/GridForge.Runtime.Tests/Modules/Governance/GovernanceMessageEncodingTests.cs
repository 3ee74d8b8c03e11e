using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Transactions;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>Governance messages and proposals have one canonical encoding each: they decode to what was encoded, and
/// malformed payloads are refused as <c>malformed</c>.</summary>
public sealed class GovernanceMessageEncodingTests
{
    private static readonly MessageRegistry Registry = ChainRuntime.StandardModules().Registry;

    public static TheoryData<ProposalAction> Actions() =>
    [
        ProposalAction.SetParameter("tokens", "min_fee", 200),
        ProposalAction.AddIssuer(N1.Address, N2.Address),
        ProposalAction.RemoveIssuer(N1.Address),
        ProposalAction.Grid(new SetFeesMessage(new PricePerKwh(1), 2)),
        ProposalAction.Text(),
        ProposalAction.SetCouncil([N1.Address, N2.Address], 2),
        ProposalAction.SetCouncil([], 0),
    ];

    [Theory]
    [MemberData(nameof(Actions))]
    public void Propose_RoundTripsThroughTheRegistry(ProposalAction action)
    {
        var message = new ProposeMessage(action, "why");
        var w = new CanonicalWriter();
        message.Encode(w);

        var decoded = (ProposeMessage)Registry.Decode(ModuleIds.Governance, ProposeMessage.TypeId, w.WrittenSpan, out var refused)!;

        Assert.Null(refused);
        Assert.Equal((action.Kind, action.Describe(), "why"), (decoded.Action.Kind, decoded.Action.Describe(), decoded.Description));
        var again = new CanonicalWriter();
        decoded.Encode(again);
        Assert.Equal(w.ToArray(), again.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 9 })]
    [InlineData(new byte[] { 1, 5, 0, 0, 0, (byte)'t' })]
    public void Propose_OfAnUnknownKindOrTruncated_IsMalformed(byte[] payload)
    {
        Assert.Null(Registry.Decode(ModuleIds.Governance, ProposeMessage.TypeId, payload, out var refused));
        Assert.Equal(RejectionCodes.Malformed, refused?.Code);
    }

    [Fact]
    public void Vote_WithAnUnknownChoice_IsMalformed()
    {
        var w = new CanonicalWriter().U64(1).U8(4);

        Assert.Null(Registry.Decode(ModuleIds.Governance, VoteMessage.TypeId, w.WrittenSpan, out var refused));
        Assert.Equal(RejectionCodes.Malformed, refused?.Code);
    }

    [Fact]
    public void AStoredProposal_DecodesToWhatWasStored()
    {
        var p = new Proposal(7, N1.Address, 5, ProposalAction.SetParameter("a", "b", -3), "d", 1, 2, 3, 4, 5, ProposalStatus.EnactmentFailed,
            new Tally(1, 2, 3, 4), N2.Address, "code: reason");

        Assert.Equal(p.Encode(), Proposal.Decode(p.Encode()).Encode());
        Assert.Equal(Address.None, Proposal.Decode((p with { CosignedBy = Address.None }).Encode()).CosignedBy);
    }
}
