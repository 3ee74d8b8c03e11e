using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using static GridForge.Runtime.Tests.Modules.Contracts.ContractChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>Grid flexibility: the DSO pays for metered reduction below the baseline in the slots it declared congested.</summary>
public sealed class FlexibilityTests
{
    private static readonly Core.Crypto.SigningKey Bob = GridTestChain.Bob;
    private static readonly Core.Crypto.SigningKey Dso = GridTestChain.Dso;

    [Fact]
    public void InADeclaredSlot_TheDsoPaysForTheReductionBelowTheBaseline_AndGetsTheRestOfItsEscrowBack()
    {
        var chain = Create();
        var meter = chain.Registered("bob-home", Bob.Address);
        var s = Ahead((3 * 96) + 4);
        var terms = new FlexibilityTerms(new ZoneId("Z1"), FlexDirection.Consumption, Price: new PricePerKwh(200_000), MaxWh: new Wh(1_000), BaselineDays: 3);
        var id = chain.Create(Dso, terms, Ahead(3), new SlotId(s.Index + 2), counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));

        // Bob's consumption in the same slot on the three previous days: 1,500, 1,700, 1,600 Wh → baseline 1,600.
        long register = 0;
        foreach (var (day, wh) in (ReadOnlySpan<(long, long)>)[(3, 1_500), (2, 1_700), (1, 1_600)])
        {
            var past = new SlotId(s.Index - (day * 96));
            register += wh;
            chain.Time = Start(past) + 900 + 10;
            chain.Submit(meter.Read(past, wh, 0, register, 0));
        }

        chain.Time = RunTime(s) - 100;
        chain.Ok(Dso, new DeclareCongestionMessage(new ZoneId("Z1"), s, s));
        var dso = chain.Watt(Dso);
        var events = chain.BlockAt(RunTime(s));
        // The most the DSO can owe, ceil(1,000 × 200,000 / 1000) = 200,000, is held from the slot's run time.
        Assert.Equal(200_000UL, Assert.Single(events.Decoded<FlexActivated>()).Escrow);
        Assert.Equal(dso.Reserved + 200_000, chain.Watt(Dso).Reserved);

        chain.Time = Start(s) + 900 + 10;
        chain.Submit(meter.Read(s, 900, 0, register + 900, 0));
        var bob = chain.Watt(Bob).Free;
        events = chain.BlockAt(Start(s) + 900 + 600);
        // Reduction 1,600 − 900 = 700 Wh → 700 × 200,000 / 1000 = 140,000 to bob; 60,000 back to the DSO.
        var verified = Assert.Single(events.Decoded<FlexVerified>());
        Assert.Equal((1_600L, (long?)900, 700L, 140_000UL, 60_000UL),
            (verified.Baseline, verified.Metered, verified.Reduction, verified.Paid, verified.Released));
        Assert.Equal(bob + 140_000, chain.Watt(Bob).Free);
        Assert.Equal(dso.Reserved, chain.Watt(Dso).Reserved);
        Assert.Equal(dso.Free - 140_000, chain.Watt(Dso).Free + 0);
        // The contract's read door lists the activated slot with its outcome (what GET /contracts/{id}/flex-slots shows).
        var (slot, record) = Assert.Single(ContractsQueries.FlexSlots(chain.State, id));
        Assert.Equal((s, true, 1_600L, 900L, 700L, 140_000UL, 200_000UL),
            (slot, record.Verified, record.Baseline, record.Metered, record.Reduction, record.Paid, record.Escrow));

        // The next (undeclared) slots cost nothing; the contract ends after its last slot is verified.
        chain.BlockAt(Start(new SlotId(s.Index + 2)) + 900 + 600);
        Assert.Equal(ContractStatus.Ended, chain.Contract(id).Status);
        Assert.Equal(dso.Reserved, chain.Watt(Dso).Reserved);
    }

    [Fact]
    public void WithoutAReadingOfTheSlot_NothingIsPaid_AndTheWholeEscrowReturns()
    {
        var chain = Create();
        chain.Registered("bob-home", Bob.Address);
        var s = Ahead(4);
        var id = chain.Create(Dso, new FlexibilityTerms(new ZoneId("Z1"), FlexDirection.Export, new PricePerKwh(100_000), new Wh(500), 1), s, s,
            counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));
        chain.Ok(Dso, new DeclareCongestionMessage(new ZoneId("Z1"), s, s));
        var dso = chain.Watt(Dso);
        chain.BlockAt(RunTime(s));
        var verified = Assert.Single(chain.BlockAt(Start(s) + 900 + 600).Decoded<FlexVerified>());
        Assert.Equal(((long?)null, 0UL), (verified.Metered, verified.Paid));
        Assert.Equal(dso, chain.Watt(Dso));
    }
}
