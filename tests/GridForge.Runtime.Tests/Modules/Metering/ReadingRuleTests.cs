using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;
using static GridForge.Runtime.Tests.Modules.Metering.MeterFixture;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>DESIGN §6 Metering: a reading covers one slot, is signed by the meter's own key, comes through any
/// gateway; one reading per meter per slot, registers never go backwards, and a reading outside the window,
/// for an unknown meter or with a bad signature is rejected. Each refused reading changes nothing.</summary>
public sealed class ReadingRuleTests
{
    private readonly GridTestChain _chain = new();
    private readonly MeterKey _meter;

    public ReadingRuleTests() => _meter = _chain.Registered("alice-pv", Alice.Address);

    [Fact]
    public void AcceptedReading_StoresTheReadingAndRegisters_AndCreditsTheOwnersBalance()
    {
        var e = Assert.Single(_chain.Submit(_meter.Read(Slot(3), 200, 1_500, 200, 1_500)));

        Assert.Equal(new ReadingsAccepted(1, "0"), e.Decode());
        Assert.Equal(new SlotReading(new Wh(200), new Wh(1_500), new Wh(200), new Wh(1_500)), MeteringModule.Reading(_chain.State, _meter.Id, Slot(3)));
        Assert.Equal(new MeterRegisters(Slot(3), new Wh(200), new Wh(1_500)), MeteringModule.Registers(_chain.State, _meter.Id));
        Assert.Equal(new EnergyBalance { Produced = new Wh(1_500), Consumed = new Wh(200) }, EnergyBalances.Get(_chain.State, Alice.Address, Slot(3)));
    }

    [Fact]
    public void AnyGateway_MaySubmit_TheMetersSignatureIsWhatCounts()
    {
        Assert.Equal(["ok"], Codes(_chain.Submit(_meter.Read(Slot(0), 0, 10, 0, 10))));
        var byBob = _chain.Run(Bob, new SubmitReadingsMessage([_meter.Read(Slot(1), 0, 10, 0, 20)]));
        Assert.True(byBob.Success);
        Assert.Equal(["ok"], Codes(byBob.Events));
    }

    [Fact]
    public void OneBadReadingInABatch_RejectsOnlyItself()
    {
        var bob = _chain.Registered("bob-wind", Bob.Address);
        var forged = _meter.Read(Slot(1), 0, 10, 0, 10) with { Exported = new Wh(11) };

        var events = _chain.Submit(bob.Read(Slot(1), 0, 5, 0, 5), forged, _meter.Read(Slot(2), 0, 7, 0, 7));

        Assert.Equal(["ok", MeteringCodes.BadSignature, "ok"], Codes(events));
        var rejected = Assert.IsType<ReadingRejected>(events[0].Decode());
        Assert.Equal((1, _meter.Id, Slot(1)), (rejected.Index, rejected.Meter, rejected.Slot));
        Assert.Equal(new ReadingsAccepted(2, "0,2"), events[1].Decode());
        Assert.Equal(new Wh(5), EnergyBalances.Get(_chain.State, Bob.Address, Slot(1)).Produced);
        Assert.Equal(new Wh(7), EnergyBalances.Get(_chain.State, Alice.Address, Slot(2)).Produced);
        Assert.Null(MeteringModule.Reading(_chain.State, _meter.Id, Slot(1)));
    }

    [Theory]
    [InlineData(-1, 0, 0, 0)]
    [InlineData(0, -1, 0, 0)]
    [InlineData(0, 0, -1, 0)]
    [InlineData(0, 0, 0, -1)]
    public void Reading_WithANegativeValue_IsInvalid(long imported, long exported, long importRegister, long exportRegister) =>
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(1), imported, exported, importRegister, exportRegister), MeteringCodes.InvalidValues);

    [Fact]
    public void Reading_OfANegativeSlot_IsInvalid() =>
        _chain.AssertRejectedChangingNothing(_meter.Read(new SlotId(-1), 0, 0, 0, 0), MeteringCodes.InvalidValues);

    [Fact]
    public void Reading_OfAnUnregisteredMeter_IsRejectedAsUnknownMeter() =>
        _chain.AssertRejectedChangingNothing(Key("stranger").Read(Slot(1), 0, 1, 0, 1), MeteringCodes.UnknownMeter);

    [Fact]
    public void Reading_OfARetiredMeter_IsRejected()
    {
        _chain.Ok(Dso, new RetireMeterMessage(_meter.Id));

        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(1), 0, 1, 0, 1), MeteringCodes.RetiredMeter);
    }

    [Fact]
    public void Reading_WithAFlippedSignatureBit_IsRejectedAsBadSignature()
    {
        var reading = _meter.Read(Slot(1), 0, 1, 0, 1);
        var signature = reading.Signature.ToArray();
        signature[10] ^= 0x01;

        _chain.AssertRejectedChangingNothing(reading with { Signature = signature }, MeteringCodes.BadSignature);
    }

    [Fact]
    public void Reading_SignedByAnotherKey_IsRejectedAsBadSignature()
    {
        var other = Key("other").Read(Slot(1), 0, 1, 0, 1);

        _chain.AssertRejectedChangingNothing(other with { Meter = _meter.Id }, MeteringCodes.BadSignature);
    }

    [Fact]
    public void Reading_SignedForAnotherChain_CannotBeReplayedHere() =>
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(1), 0, 1, 0, 1, chainId: "gridforge-dev-elsewhere"), MeteringCodes.BadSignature);

    [Fact]
    public void Reading_OfTheSlotInProgress_IsOutsideTheWindow() =>
        _chain.AssertRejectedChangingNothing(_meter.Read(_chain.CurrentSlot, 0, 1, 0, 1), MeteringCodes.OutsideWindow);

    [Fact]
    public void Reading_OfAFarFutureSlot_IsOutsideTheWindow_WithoutOverflow() =>
        _chain.AssertRejectedChangingNothing(_meter.Read(new SlotId(long.MaxValue), 0, 1, 0, 1), MeteringCodes.OutsideWindow);

    [Fact]
    public void Reading_AfterItsWindowClosed_IsOutsideTheWindow()
    {
        // Slot(-1) ended 21,600 s (the default window) before the chain's start.
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(-1), 0, 1, 0, 1), MeteringCodes.OutsideWindow);
        Assert.Equal(StartTime, MeteringQueries.WindowClosesAt(_chain.State, Slot(-1)));
    }

    [Fact]
    public void Reading_AtTheEndOfItsSlot_IsInsideTheWindow_AndItsLastSecondToo()
    {
        _chain.Time = StartTime;
        Assert.Equal(["ok"], Codes(_chain.Submit(_meter.Read(new SlotId(StartSlot - 1), 0, 1, 0, 1))));
        _chain.Time = MeteringQueries.WindowClosesAt(_chain.State, _chain.CurrentSlot) - 1;
        Assert.Equal(["ok"], Codes(_chain.Submit(_meter.Read(new SlotId(StartSlot), 0, 1, 0, 2))));
    }

    [Fact]
    public void SecondReading_ForTheSameMeterAndSlot_IsADuplicate_EvenWithOtherValues()
    {
        var first = _meter.Read(Slot(2), 0, 100, 0, 100);
        Assert.Equal(["ok", MeteringCodes.DuplicateReading], Codes(_chain.Submit(first, first)));

        _chain.AssertRejectedChangingNothing(first, MeteringCodes.DuplicateReading);
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(2), 0, 50, 0, 150), MeteringCodes.DuplicateReading);
    }

    [Fact]
    public void Reading_OfAnEarlierSlotThanTheLastAccepted_IsADuplicateIfThatSlotHasOne_ElseOutOfOrder()
    {
        _chain.Submit(_meter.Read(Slot(2), 0, 100, 0, 100), _meter.Read(Slot(5), 0, 100, 0, 200));

        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(2), 0, 100, 0, 100), MeteringCodes.DuplicateReading);
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(3), 0, 0, 0, 100), MeteringCodes.OutOfOrder);
    }

    [Fact]
    public void ProductionMeter_CannotImport_AndConsumptionMeterCannotExport()
    {
        var pv = _chain.Registered("pv-only", Alice.Address, MeterKind.Production);
        var home = _chain.Registered("home", Bob.Address, MeterKind.Consumption);

        _chain.AssertRejectedChangingNothing(pv.Read(Slot(1), 1, 0, 1, 0), MeteringCodes.WrongDirection);
        _chain.AssertRejectedChangingNothing(home.Read(Slot(1), 0, 1, 0, 1), MeteringCodes.WrongDirection);
        Assert.Equal(["ok", "ok"], Codes(_chain.Submit(pv.Read(Slot(1), 0, 9, 0, 9), home.Read(Slot(1), 9, 0, 9, 0))));
    }

    [Theory]
    [InlineData(MaxWhPerSlot + 1, 0)]
    [InlineData(0, MaxWhPerSlot + 1)]
    public void Energy_AboveRatedPowerTimesTheSlotLength_IsRejected(long imported, long exported) =>
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(1), imported, exported, imported, exported), MeteringCodes.OverRatedPower);

    [Fact]
    public void Energy_OfExactlyRatedPowerTimesTheSlotLength_IsAccepted() =>
        Assert.Equal(["ok"], Codes(_chain.Submit(_meter.Read(Slot(1), MaxWhPerSlot, MaxWhPerSlot, MaxWhPerSlot, MaxWhPerSlot))));

    [Fact]
    public void Registers_ThatGoBackwards_AreRejected()
    {
        _chain.Submit(_meter.Read(Slot(1), 10, 10, 1_000, 1_000));

        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(2), 0, 0, 999, 1_000), MeteringCodes.RegistersBackwards);
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(2), 0, 0, 1_000, 999), MeteringCodes.RegistersBackwards);
    }

    [Fact]
    public void Registers_BelowTheInitialOnes_GoBackwards()
    {
        var meter = Key("installed");
        _chain.Ok(Dso, Registration(meter, Alice.Address, importRegister: 5_000, exportRegister: 7_000));

        _chain.AssertRejectedChangingNothing(meter.Read(Slot(1), 0, 0, 4_999, 7_000), MeteringCodes.RegistersBackwards);
        Assert.Equal(["ok"], Codes(_chain.Submit(meter.Read(Slot(1), 1, 2, 5_001, 7_002))));
    }

    [Fact]
    public void Registers_OfTheNextSlot_MustMoveByExactlyTheReportedEnergy()
    {
        _chain.Submit(_meter.Read(Slot(1), 10, 20, 10, 20));

        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(2), 5, 5, 16, 25), MeteringCodes.RegistersMismatch);
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(2), 5, 5, 15, 24), MeteringCodes.RegistersMismatch);
        Assert.Equal(["ok"], Codes(_chain.Submit(_meter.Read(Slot(2), 5, 5, 15, 25))));
    }

    [Fact]
    public void Registers_AcrossMissedSlots_MustMoveAtLeastTheReportedEnergy()
    {
        _chain.Submit(_meter.Read(Slot(1), 10, 20, 10, 20));

        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(4), 5, 5, 14, 100), MeteringCodes.RegistersMismatch);
        Assert.Equal(["ok"], Codes(_chain.Submit(_meter.Read(Slot(4), 5, 5, 15, 100))));
    }

    [Fact]
    public void FirstReading_MustNotReportMoreEnergyThanItsRegistersHold() =>
        _chain.AssertRejectedChangingNothing(_meter.Read(Slot(1), 10, 0, 9, 0), MeteringCodes.RegistersMismatch);
}
