using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Contracts.ContractChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>Commercial PPAs: scheduled volume as pre-arranged trades, and per-period take-or-pay and penalty terms netted,
/// checked against values computed by hand in the comments.</summary>
public sealed class PpaTests
{
    private static readonly Core.Crypto.SigningKey Alice = GridTestChain.Alice;
    private static readonly Core.Crypto.SigningKey Bob = GridTestChain.Bob;

    private static PpaTerms Terms(long[] schedule, SettlementPeriod period = SettlementPeriod.Day, uint takeOrPay = 800, long penalty = 50_000) =>
        new(new ZoneId("Z1"), new ZoneId("Z2"), CreatorSells: true, Price: new PricePerKwh(80_000),
            [.. schedule.Select(wh => new Wh(wh))], takeOrPay, new PricePerKwh(penalty), period);

    [Fact]
    public void APeriod_SettlesAsTheSumOfItsSlots_PlusTakeOrPay_MinusThePenalty_ToTheMicroWatt()
    {
        var chain = Create();
        var meter = chain.Registered("alice-home", Alice.Address);                            // Z1, 2,500 Wh per slot
        var (s1, s2, s3) = (Ahead(2), Ahead(3), Ahead(4));
        var id = chain.Create(Alice, Terms([1_500]), s1, s3, counterparty: Bob.Address);
        Assert.Equal(ContractStatus.Proposed, chain.Contract(id).Status);
        chain.Ok(Bob, new AcceptContractMessage(id));
        var bobAtStart = chain.Watt(Bob);

        // Slots 1 and 2: 1,500 Wh each across Z1→Z2 at 80,000 + the 10,000 link fee: bob's escrow 135,000 per slot.
        chain.BlockAt(RunTime(s1));
        chain.BlockAt(RunTime(s2));
        var t1 = Assert.Single(MarketStore.Trades(chain.State, s1));
        Assert.Equal((Bob.Address, Alice.Address, 80_000L, 10_000L, 90_000L, 1_500L, 135_000UL, id),
            (t1.Buyer, t1.Seller, t1.Price, t1.Fee, t1.BuyerPrice, t1.Quantity, t1.BuyerEscrow, t1.Contract));

        // Before slot 3 bob keeps exactly 45,000 µWATT free: enough for floor(45,000 × 1000 / 90,000) = 500 Wh; 1,000 Wh not taken.
        var free = chain.Watt(Bob).Free;
        var parked = free - 45_000 - TransactionBuilder.DefaultFee;
        chain.Ok(Bob, new TransferMessage(Alice.Address, Token.Watt, new Amount(parked)));
        Assert.Equal(45_000UL, chain.Watt(Bob).Free);
        chain.BlockAt(RunTime(s3));
        Assert.Equal(500L, Assert.Single(MarketStore.Trades(chain.State, s3)).Quantity);
        chain.Ok(Alice, new TransferMessage(Bob.Address, Token.Watt, new Amount(100_000)));

        // Meters: slot 1 delivers 1,500; slot 2 only 1,000 of 1,500; slot 3 exports 2,000 (500 of it traded).
        chain.Time = Start(s2) + 10;
        chain.Submit(meter.Read(s1, 0, 1_500, 0, 1_500));
        chain.Time = Start(s3) + 10;
        chain.Submit(meter.Read(s2, 0, 1_000, 0, 2_500));
        chain.Time = Start(s3) + 900 + 10;
        chain.Submit(meter.Read(s3, 0, 2_000, 0, 4_500));
        var aliceBefore = chain.Watt(Alice).Free;
        var bobBefore = chain.Watt(Bob).Free;
        var events = chain.BlockAt(Start(s3) + 900 + 600);

        // Slots through market settlement: bob pays 135,000 + 90,000 + 45,000 = 270,000; alice receives 120,000 + 80,000 + 40,000.
        // Take-or-pay: ceil(1,000 Wh × 80,000 × 800‰ / 10^6) = 64,000 from bob. Penalty: 500 Wh undelivered × 50,000 / 1000 = 25,000
        // from alice. Netted: bob pays alice 39,000; bob's period total 270,000 + 39,000 = 309,000.
        var period = PpaPeriod.Decode(chain.State.Get(
            ContractStore.PpaPeriodKey(id, PpaRunner.PeriodOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Day, s1)))!);
        Assert.Equal((4_500L, 3_500L, 3_000L, 1_000L, 0L, 0L),
            (period.Scheduled, period.Traded, period.Delivered, period.NotTaken, period.NotOffered, period.Curtailed));
        Assert.Equal(((Int128)270_000, (Int128)240_000, (Int128)64_000, (Int128)25_000, (Int128)39_000, 39_000UL, (UInt128)0, (Int128)309_000),
            (period.BuyerPaid, period.SellerReceived, period.TakeOrPay, period.Penalty, period.Net, period.Paid, period.Unpaid, period.BuyerTotal));
        // And in bob's wallet: over the period he paid exactly the slots' settlements plus the netted terms, besides his own
        // transfers (the WATT he parked with alice and one fee; the 100,000 alice sent back).
        var bobAtEnd = chain.Watt(Bob);
        Assert.Equal((long)(bobAtStart.Free + bobAtStart.Reserved) - 309_000 - (long)parked - (long)TransactionBuilder.DefaultFee + 100_000,
            (long)(bobAtEnd.Free + bobAtEnd.Reserved));
        Assert.Single(events.Decoded<PpaPeriodSettled>());
        // Slot 3's settlement (45,000 paid from escrow, 40,000 to alice) and the netted 39,000 land in the same block.
        Assert.Equal(bobBefore - 39_000, chain.Watt(Bob).Free);
        Assert.Equal(aliceBefore + 40_000 + 39_000, chain.Watt(Alice).Free);
        Assert.Equal(ContractStatus.Ended, chain.Contract(id).Status);
    }

    [Fact]
    public void PerSlotPeriods_SettleEachSlot_AndWhatThePayerCannotPayBecomesItsDebtToThePayee()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);
        var s = Ahead(2);
        var id = chain.Create(Alice, Terms([1_000], SettlementPeriod.Slot, penalty: 300_000), s, s, counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));
        chain.BlockAt(RunTime(s));
        // Alice spends all her free WATT; no reading comes, so nothing is delivered: market penalty 100,000 (a debt) and
        // the PPA's ceil(1,000 × 300,000 / 1000) = 300,000 owed to bob, none of which alice can pay.
        chain.Ok(Alice, new TransferMessage(Charlie.Address, Token.Watt, new Amount(chain.Watt(Alice).Free - TransactionBuilder.DefaultFee)));
        chain.BlockAt(Start(s) + 900 + 600);
        var period = PpaPeriod.Decode(chain.State.Get(ContractStore.PpaPeriodKey(id, s.Index))!);
        Assert.Equal((0L, (Int128)300_000, (Int128)(-300_000), 0UL, (UInt128)300_000, 300_000UL),
            (period.Delivered, period.Penalty, period.Net, period.Paid, period.Unpaid, period.DebtAdded));
        // Item 5 of issue 13: the unpaid part is alice's debt to bob (beside her imbalance debt to the balancing account).
        Assert.Contains(new DebtEntry(Bob.Address, 300_000), Debts.Of(chain.State, Alice.Address));
    }

    [Fact]
    public void ABuyerThatOwesAnotherAccount_TakesNothing_AndOwesTakeOrPay_NotCurtailment()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);
        var s = Ahead(2);
        var id = chain.Create(Alice, Terms([1_000], SettlementPeriod.Slot), s, s, counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));
        // Bob owes Charlie 1 µWATT (say, from another PPA): the market refuses his trades until he pays, and that is his doing.
        var overlay = new Runtime.State.StateOverlay(chain.State);
        Debts.Add(overlay, Bob.Address, Charlie.Address, 1);
        chain.State.Apply(overlay.SortedWrites());
        var events = chain.BlockAt(RunTime(s));
        var slot = Assert.Single(events.Decoded<PpaSlotActed>());
        Assert.Equal((0L, 1_000L, 0L), (slot.Traded, slot.NotTaken, slot.Curtailed));
        Assert.Empty(MarketStore.Trades(chain.State, s));
        chain.BlockAt(Start(s) + 900 + 600);
        // Take-or-pay: ceil(1,000 Wh × 80,000 × 800‰ / 10^6) = 64,000 from bob to alice (nothing delivered, nothing traded, so no
        // shortfall of alice's: what she offered was not taken).
        var period = PpaPeriod.Decode(chain.State.Get(ContractStore.PpaPeriodKey(id, s.Index))!);
        Assert.Equal(((Int128)64_000, (Int128)0, (Int128)64_000), (period.TakeOrPay, period.Penalty, period.Net));
    }

    [Fact]
    public void AScheduleThatCannotAllBeOffered_CountsAsTheSellersShortfall()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);                                        // 2,500 Wh per slot at most
        var s = Ahead(2);
        var id = chain.Create(Bob, Terms([3_000]) with { CreatorSells = false }, s, s, counterparty: Alice.Address);
        chain.Ok(Alice, new AcceptContractMessage(id));
        var events = chain.BlockAt(RunTime(s));
        var slot = Assert.Single(events.Decoded<PpaSlotActed>());
        Assert.Equal((2_500L, 500L), (slot.Traded, slot.NotOffered));
    }

    [Fact]
    public void AProposalNotAcceptedBeforeItsStart_Lapses_AndOnlyTheCounterpartyMayAccept()
    {
        var chain = Create();
        var s = Ahead(2);
        var id = chain.Create(Alice, Terms([1_000]), s, Ahead(5), counterparty: Bob.Address);
        chain.FailsChangingOnlyFeeAndNonce(Charlie, new AcceptContractMessage(id), ContractsCodes.NotParty);
        chain.BlockAt(GateTime(s));
        Assert.Equal(ContractStatus.Lapsed, chain.Contract(id).Status);
        chain.FailsChangingOnlyFeeAndNonce(Bob, new AcceptContractMessage(id), ContractsCodes.NotProposed);
        Assert.Empty(MarketStore.Trades(chain.State, s));
    }

    [Fact]
    public void Termination_RunsOnForTheNotice_AndTheTerminatingPartyPaysTheFee()
    {
        var chain = Create();
        chain.Registered("alice-home", Alice.Address);
        var id = chain.Create(Alice, Terms([100]), Ahead(2), Ahead(50), counterparty: Bob.Address, notice: 4, fee: 70_000);
        chain.Ok(Bob, new AcceptContractMessage(id));
        var bob = chain.Watt(Bob).Free;
        var alice = chain.Watt(Alice).Free;
        chain.Ok(Bob, new TerminateContractMessage(id));
        Assert.Equal(bob - 70_000 - TransactionBuilder.DefaultFee, chain.Watt(Bob).Free);
        Assert.Equal(alice + 70_000, chain.Watt(Alice).Free);
        var c = chain.Contract(id);
        Assert.Equal((chain.CurrentSlot.Index + 4, Bob.Address), (c.LastSlot, c.TerminatedBy));
        chain.FailsChangingOnlyFeeAndNonce(Alice, new TerminateContractMessage(id), ContractsCodes.AlreadyTerminated);
        chain.BlockAt(Start(Ahead(4)) + 900 + 600);
        Assert.Equal(ContractStatus.Terminated, chain.Contract(id).Status);
        Assert.Empty(MarketStore.Trades(chain.State, Ahead(5)));
    }

    [Theory]
    [InlineData("2026-11-30T23:45:00Z", "2026-11")]
    [InlineData("2026-12-01T00:00:00Z", "2026-12")]
    [InlineData("2024-02-29T12:00:00Z", "2024-02")]
    public void MonthlyPeriods_FollowTheUtcCalendar(string slotStart, string month)
    {
        var chain = Create();
        var slot = new SlotId(DateTimeOffset.Parse(slotStart, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds() / 900);
        var index = PpaRunner.PeriodOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Month, slot);
        Assert.Equal(month, $"{index / 12:D4}-{(index % 12) + 1:D2}");
        var (first, last) = PpaRunner.SlotsOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Month, index);
        Assert.InRange(slot.Index, first, last);
        Assert.Equal(index - 1, PpaRunner.PeriodOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Month, new SlotId(first - 1)));
        Assert.Equal(index + 1, PpaRunner.PeriodOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Month, new SlotId(last + 1)));
    }

    [Fact]
    public void MonthlyPeriods_AgreeWithTheCalendar_ForEveryDayOfFourCenturies()
    {
        var chain = Create();
        for (var day = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero); day.Year < 2300; day = day.AddDays(1))
        {
            var slot = new SlotId(day.ToUnixTimeSeconds() / 900);
            var index = PpaRunner.PeriodOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Month, slot);
            Assert.Equal(((long)day.Year * 12) + day.Month - 1, index);
            if (day.Day == 1) Assert.Equal(slot.Index, PpaRunner.SlotsOf(GridModule.SlotLengthSeconds(chain.State), SettlementPeriod.Month, index).First);
        }
    }

    [Fact]
    public void VolumeTheLinkCannotCarry_IsCurtailed_AndTheTradeRaisesTheLinksFeeForTheBook()
    {
        var chain = Create();
        chain.ProductionMeter("alice-park", Alice.Address, ratedPowerW: 400_000);               // 100,000 Wh per slot
        var s = Ahead(2);
        var id = chain.Create(Alice, Terms([60_000]), s, s, counterparty: Bob.Address);
        chain.Ok(Bob, new AcceptContractMessage(id));
        var slot = Assert.Single(chain.BlockAt(RunTime(s)).Decoded<PpaSlotActed>());
        // Z1→Z2 carries 50,000 Wh per slot: 10,000 Wh curtailed (nobody's fault, nobody pays for it).
        Assert.Equal((50_000L, 10_000L, 0L, 0L), (slot.Traded, slot.Curtailed, slot.NotTaken, slot.NotOffered));
        var book = MarketStore.Book(chain.State, s)!;
        Assert.Equal(50_000L, book.Flows[0]);
        // A book order across the full link finds no room.
        chain.ProductionMeter("alice-pv", Alice.Address);
        chain.Place(Alice, Sell(s, 1_000, 100));
        chain.Ok(Bob, Buy(s, 9_000_000, 100, zone: "Z2", kind: Matching.OrderKind.LimitIoc));
        Assert.Single(MarketStore.Trades(chain.State, s));
    }
}
