using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Tests.Modules.Disputes;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using static GridForge.Runtime.Tests.Modules.Contracts.ContractChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>A contract period as a dispute subject: the PPA's netted payment is held on the party that received it, and the
/// arbitrator moves at most what is held.</summary>
public sealed class ContractDisputeTests
{
    private static readonly Core.Crypto.SigningKey Alice = GridTestChain.Alice;
    private static readonly Core.Crypto.SigningKey Bob = GridTestChain.Bob;

    [Fact]
    public void APpaPeriodInDispute_HoldsWhatTheRespondentReceived_AndACorrectionMovesAtMostThat()
    {
        var chain = DisputeChain.NewChain();
        chain.Registered("alice-home", Alice.Address);
        var s = Ahead(2);
        var terms = new PpaTerms(new ZoneId("Z1"), new ZoneId("Z2"), true, new PricePerKwh(80_000), [new Wh(1_000)], 0, new PricePerKwh(300_000),
            SettlementPeriod.Slot);
        var id = chain.Create(Alice, terms, s, s, counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));
        chain.BlockAt(RunTime(s));
        var period = DisputeSubject.ContractPeriod(id, s.Index);
        // Bob has nothing free when alice opens (he parks it all with charlie), so nothing is held yet.
        chain.Ok(Bob, new Runtime.Modules.Tokens.TransferMessage(Charlie.Address, Token.Watt, new Amount(chain.Watt(Bob).Free - 1_000)));
        var dispute = chain.Opens(Alice, DisputeChain.Open(period, claim: 200_000, reason: "my meter was down, not my panels"));
        Assert.Equal(0UL, chain.Dispute(dispute).Held);

        // No reading: the period settles with alice paying bob the 300,000 penalty; 200,000 of it (the claim) is held on bob.
        chain.BlockAt(Start(s) + 900 + 600);
        Assert.Equal(200_000UL, chain.Dispute(dispute).Held);
        Assert.Equal(200_000UL, chain.Watt(Bob).Reserved);

        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Dso, DisputeChain.Correct(dispute, 200_001), DisputesCodes.OverHeld);
        var alice = chain.Watt(Alice).Free;
        chain.Ok(GridTestChain.Dso, DisputeChain.Correct(dispute, 150_000));
        Assert.Equal(alice + 150_000 + DisputeChain.Bond, chain.Watt(Alice).Free);
        Assert.Equal(0UL, chain.Watt(Bob).Reserved);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Dso, DisputeChain.Uphold(dispute), DisputesCodes.DisputeClosed);
    }

    [Fact]
    public void AResidentialRuleOrAnUnknownPeriod_IsNotADisputeSubject()
    {
        var chain = DisputeChain.NewChain();
        var rule = chain.Create(Alice, Residential(), Ahead(3), Ahead(4));
        chain.FailsChangingOnlyFeeAndNonce(Alice, DisputeChain.Open(DisputeSubject.ContractPeriod(rule, Ahead(3).Index)), DisputesCodes.UnknownContractPeriod);
        chain.FailsChangingOnlyFeeAndNonce(Alice, DisputeChain.Open(DisputeSubject.ContractPeriod(77, 1)), DisputesCodes.UnknownContractPeriod);
    }
}
