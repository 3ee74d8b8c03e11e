using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using static GridForge.Runtime.Tests.Modules.Contracts.ContractChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>Issue 13, item 1: no contract can stop the chain. The PPA of the review — a daily period, every slot's schedule at
/// <c>market.max_order_wh</c>, a shortfall penalty of 10^12 µWATT/kWh, between two accounts without meters — settles to an exact,
/// bounded outcome; a term worth more than <see cref="ContractTerms.MaxSlotValue"/> in one slot is refused at creation; and a
/// contract whose step fails anyway is suspended while every other contract goes on.</summary>
public sealed class ContractIsolationTests
{
    private static readonly Core.Crypto.SigningKey Alice = GridTestChain.Alice;
    private static readonly Core.Crypto.SigningKey Bob = GridTestChain.Bob;

    private static PpaTerms ReviewPpa(long penalty = 1_000_000_000_000, SettlementPeriod period = SettlementPeriod.Day) =>
        new(new ZoneId("Z1"), new ZoneId("Z2"), CreatorSells: true, Price: new PricePerKwh(80_000), [new Wh(1_000_000_000)], 800,
            new PricePerKwh(penalty), period);

    /// <summary>The last slot of the UTC day that holds <paramref name="slot"/>.</summary>
    private static SlotId LastOfDay(SlotId slot) => new((((slot.Index * GridTestChain.SlotSeconds / 86_400) + 1) * 86_400 / GridTestChain.SlotSeconds) - 1);

    [Fact]
    public void TheReviewsPpa_WhosePeriodPenaltyExceeds64Bits_DoesNotStopTheChain_AndOwesItExactly_WithTheUnpaidPartAsADebt()
    {
        var chain = Create();
        var (first, last) = (Ahead(2), LastOfDay(Ahead(2)));
        var id = chain.Create(Alice, ReviewPpa(), first, last, counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));
        for (var s = first.Index; s <= last.Index; s++) chain.BlockAt(RunTime(new SlotId(s)));
        var aliceFree = chain.Watt(Alice).Free;

        var events = chain.BlockAt(MeteringQueries.WindowClosesAt(chain.State, last));

        // 62 slots × 10^9 Wh not offered × 10^12 µWATT/kWh / 1000 = 6.2 × 10^19 µWATT: beyond a long, owed exactly anyway.
        var slots = last.Index - first.Index + 1;
        var owed = (Int128)slots * 1_000_000_000 * 1_000_000_000;
        var period = PpaPeriod.Decode(chain.State.Get(
            ContractStore.PpaPeriodKey(id, PpaRunner.PeriodOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Day, first)))!);
        Assert.True(owed > long.MaxValue);
        Assert.Equal((true, owed, -owed, aliceFree), (period.Settled, period.Penalty, period.Net, period.Paid));
        Assert.Equal((UInt128)owed - aliceFree, period.Unpaid);
        // The rest is alice's debt to bob, as large as a debt goes (2^64 − 1 µWATT in all, more than all WATT there is).
        Assert.Equal(ulong.MaxValue, Debts.Total(chain.State, Alice.Address));
        Assert.Equal(ulong.MaxValue, period.DebtAdded);
        Assert.Equal(0UL, chain.Watt(Alice).Free);
        Assert.Single(events.Decoded<PpaPeriodSettled>());
        Assert.Equal(ContractStatus.Ended, chain.Contract(id).Status);

        // The chain goes on, and alice, deep in debt, can no longer sell or buy.
        chain.BlockAt(chain.Time + 60);
        chain.Registered("alice-home", Alice.Address);
        chain.Ok(Bob, new TransferMessage(Alice.Address, Token.Watt, new Amount(1_000_000)));
        var open = new SlotId(chain.CurrentSlot.Index + 4);
        chain.FailsChangingOnlyFeeAndNonce(Alice, Sell(open, 10_000, 100), MarketCodes.DebtOutstanding);
        chain.FailsChangingOnlyFeeAndNonce(Alice, Buy(open, 10_000, 100), MarketCodes.DebtOutstanding);
    }

    [Theory]
    [InlineData(1_000_000_001, 1_000_000_000_000)]
    [InlineData(1_000_000_000_000, 1_000_000_000_000)]
    public void ATermWorthMoreThanTheSlotBound_IsRefusedAtCreation_AndTheReviewsPpaIsJustWithinIt(long scheduleWh, long penalty)
    {
        var chain = Create(b => b.WithParam(MarketModule.ModuleName, MarketModule.MaxOrderWh.Name, 1_000_000_000_000));
        chain.Create(Alice, ReviewPpa(), Ahead(2), Ahead(3), counterparty: Bob.Address);
        var refused = chain.FailsChangingOnlyFeeAndNonce(Alice,
            new CreateContractMessage(ContractTemplate.Ppa, Bob.Address, Ahead(2), Ahead(3), 0, Amount.Zero,
                ReviewPpa(penalty) with { Schedule = [new Wh(scheduleWh)] }),
            ContractsCodes.InvalidTerms);
        Assert.Contains("10^12 WATT", refused.Message, StringComparison.Ordinal);
        var flex = new FlexibilityTerms(new ZoneId("Z1"), FlexDirection.Consumption, new PricePerKwh(1_000_000_000_000), new Wh(1_000_000_001), 1);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Dso,
            new CreateContractMessage(ContractTemplate.Flexibility, Bob.Address, Ahead(2), Ahead(3), 0, Amount.Zero, flex),
            ContractsCodes.InvalidTerms);
    }

    [Fact]
    public void AContractWhoseStepFails_IsSuspended_WithTheFailureInItsHistory_AndTheOtherContractsGoOn()
    {
        var chain = Create();
        var s = Ahead(2);
        var broken = chain.Create(Alice, ReviewPpa(50_000, SettlementPeriod.Slot), s, Ahead(8), counterparty: Bob.Address);
        var sound = chain.Create(Alice, ReviewPpa(50_000, SettlementPeriod.Slot), s, Ahead(8), counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(broken));
        chain.Ok(Bob, new AcceptContractMessage(sound));
        chain.BlockAt(RunTime(s));
        // A corrupt record of the broken contract's first period: settling it throws.
        chain.State.Apply([new(ContractStore.PpaPeriodKey(broken, s.Index), [0xFF])]);

        var events = chain.BlockAt(MeteringQueries.WindowClosesAt(chain.State, s));

        var suspended = Assert.Single(events.Decoded<ContractSuspended>());
        Assert.Equal((broken, Runtime.RejectionCodes.InternalError), (suspended.Contract, suspended.Code));
        Assert.Equal(ContractStatus.Suspended, chain.Contract(broken).Status);
        Assert.DoesNotContain((long)broken, ContractStore.Live(chain.State));
        var history = ContractsQueries.History(chain.State, broken).Select(h => h.Event.Kind).ToList();
        Assert.Equal(ContractsEvents.Suspended, history[^1]);
        Assert.Single(events.Decoded<PpaPeriodSettled>(), e => e.Contract == sound);

        // The sound one acts in its later slots; the suspended one does not.
        var later = chain.BlockAt(RunTime(Ahead(6)));
        Assert.Equal(sound, Assert.Single(later.Decoded<PpaSlotActed>()).Contract);
        Assert.Equal(ContractStatus.Active, chain.Contract(sound).Status);
    }

    [Fact]
    public void ASuspendedFlexibilityContract_ReturnsTheEscrowItHeldForSlotsNotYetVerified()
    {
        var chain = Create();
        var meter = chain.Registered("bob-home", Bob.Address);
        var s = Ahead(2);
        var terms = new FlexibilityTerms(new ZoneId("Z1"), FlexDirection.Consumption, new PricePerKwh(200_000), new Wh(1_000), 1);
        var id = chain.Create(GridTestChain.Dso, terms, s, s, counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));
        chain.Ok(GridTestChain.Dso, new DeclareCongestionMessage(new ZoneId("Z1"), s, s));
        var dsoBefore = chain.Watt(GridTestChain.Dso);
        chain.BlockAt(RunTime(s));
        Assert.Equal(dsoBefore.Reserved + 200_000, chain.Watt(GridTestChain.Dso).Reserved);
        // Verifying the slot reads bob's meter, whose record is now corrupt.
        chain.State.Apply([new(Runtime.State.StateKey.Of("metering/meter/", meter.Id.Key.ToArray()), [0xFF])]);

        var events = chain.BlockAt(MeteringQueries.WindowClosesAt(chain.State, s));

        Assert.Equal(200_000UL, Assert.Single(events.Decoded<ContractSuspended>()).Released);
        Assert.Equal(dsoBefore.Reserved, chain.Watt(GridTestChain.Dso).Reserved);
        Assert.Equal(ContractStatus.Suspended, chain.Contract(id).Status);
    }
}
