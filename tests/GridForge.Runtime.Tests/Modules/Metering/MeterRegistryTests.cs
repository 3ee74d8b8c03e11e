using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Transactions;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;
using static GridForge.Runtime.Tests.Modules.Metering.MeterFixture;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>DESIGN §6 Metering: only the DSO registers a meter (key, owner, zone, kind, technology, rated
/// power), moves it or retires it.</summary>
public sealed class MeterRegistryTests
{
    private readonly GridTestChain _chain = new();

    [Fact]
    public void Register_RecordsTheMeter_ItsOwnersIndexAndItsZone_AndSaysSo()
    {
        var key = Key("alice-pv");
        var events = _chain.Ok(Dso, Registration(key, Alice.Address, Z2, MeterKind.Production, MeterTechnology.Wind, 4_000, 10, 20));

        var m = MeteringModule.Meter(_chain.State, key.Id)!;
        Assert.Equal((Alice.Address, Z2, MeterKind.Production, MeterTechnology.Wind, 4_000L, MeterStatus.Active),
            (m.Owner, m.Zone, m.Kind, m.Technology, m.RatedPowerW, m.Status));
        Assert.Equal([key.Id], MeteringModule.MetersOf(_chain.State, Alice.Address));
        Assert.Equal(1, MeteringModule.ActiveMetersIn(_chain.State, Z2));
        Assert.Equal(new MeterRegisters(null, new Wh(10), new Wh(20)), MeteringModule.Registers(_chain.State, key.Id));
        var e = Assert.Single(events);
        Assert.Equal(new MeterRegistered(key.Id, Alice.Address, Z2, MeterKind.Production, MeterTechnology.Wind, 4_000), e.Decode());
    }

    public static TheoryData<IMessage> EveryRegistryMessage()
    {
        var meter = Key("someone").Id;
        return
        [
            Registration(Key("someone"), Alice.Address),
            new MoveMeterMessage(meter, Bob.Address, Z2),
            new RetireMeterMessage(meter),
        ];
    }

    [Theory]
    [MemberData(nameof(EveryRegistryMessage))]
    public void OnlyTheDso_ChangesTheMeterRegistry(IMessage message)
    {
        if (message is not RegisterMeterMessage) _chain.Registered("someone", Alice.Address);

        _chain.FailsChangingOnlyFeeAndNonce(Alice, message, RejectionCodes.Unauthorized);
        _chain.FailsChangingOnlyFeeAndNonce(Gateway, message, RejectionCodes.Unauthorized);
        Assert.True(_chain.Run(Dso, message).Success);
    }

    [Fact]
    public void Register_AKeyAlreadyRegistered_IsRefused_EvenAfterItsMeterRetired()
    {
        var key = _chain.Registered("m", Alice.Address);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, Registration(key, Bob.Address), MeteringCodes.MeterExists);

        _chain.Ok(Dso, new RetireMeterMessage(key.Id));

        _chain.FailsChangingOnlyFeeAndNonce(Dso, Registration(key, Bob.Address), MeteringCodes.MeterExists);
    }

    [Theory]
    [InlineData("Z9", 1_000, 0, GridCodes.UnknownZone)]
    [InlineData("Z1", 0, 0, MeteringCodes.InvalidRatedPower)]
    [InlineData("Z1", 100_000_001, 0, MeteringCodes.InvalidRatedPower)]
    [InlineData("Z1", 1_000, -1, MeteringCodes.InvalidRegisters)]
    public void Register_OutsideTheRules_IsRefused(string zone, long ratedPowerW, long importRegister, string code) =>
        _chain.FailsChangingOnlyFeeAndNonce(Dso, Registration(Key("m"), Alice.Address, new ZoneId(zone), ratedPowerW: ratedPowerW,
            importRegister: importRegister), code);

    [Fact]
    public void Move_ChangesOwnerAndZone_FromItsSlotOn_AndReadingsOfEarlierSlotsStayWithTheOldOwner()
    {
        var meter = _chain.Registered("m", Alice.Address);
        var series = new MeterSeries(meter);
        _chain.Submit(series.Next(Slot(1), 0, 100));

        var moved = _chain.CurrentSlot;
        var e = Assert.Single(_chain.Ok(Dso, new MoveMeterMessage(meter.Id, Bob.Address, Z2)));
        // Slot 2 ended before the move: its energy was alice's, wherever its reading arrives from.
        _chain.Submit(series.Next(Slot(2), 0, 50));
        _chain.Time = ((moved.Index + 1) * SlotSeconds) + 10;
        _chain.Submit(series.Next(moved, 0, 70));

        var movedEvent = Assert.IsType<MeterMoved>(e.Decode());
        Assert.Equal((Bob.Address, Alice.Address, new ZoneId("Z1")), (movedEvent.Owner, movedEvent.PreviousOwner, movedEvent.PreviousZone));
        Assert.Empty(MeteringModule.MetersOf(_chain.State, Alice.Address));
        Assert.Equal([meter.Id], MeteringModule.MetersOf(_chain.State, Bob.Address));
        Assert.Equal((0L, 1L), (MeteringModule.ActiveMetersIn(_chain.State, Z1), MeteringModule.ActiveMetersIn(_chain.State, Z2)));
        Assert.Equal(new Wh(100), EnergyBalances.Get(_chain.State, Alice.Address, Slot(1)).Produced);
        Assert.Equal(new Wh(50), EnergyBalances.Get(_chain.State, Alice.Address, Slot(2)).Produced);
        Assert.Equal(default, EnergyBalances.Get(_chain.State, Bob.Address, Slot(2)));
        Assert.Equal(new Wh(70), EnergyBalances.Get(_chain.State, Bob.Address, moved).Produced);
        Assert.Equal(Z1, Assert.Single(MeteringModule.ServedBy(_chain.State, Alice.Address, Z1, Slot(2))).Meter.Zone);
        Assert.Empty(MeteringModule.ServedBy(_chain.State, Bob.Address, Z2, Slot(2)));
        Assert.Equal(Z2, Assert.Single(MeteringModule.ServedBy(_chain.State, Bob.Address, Z2, moved)).Meter.Zone);
    }

    [Fact]
    public void MoveOrRetire_OfAnUnknownOrRetiredMeter_IsRefused()
    {
        var unknown = Key("nobody").Id;
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new MoveMeterMessage(unknown, Bob.Address, Z1), MeteringCodes.UnknownMeter);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new RetireMeterMessage(unknown), MeteringCodes.UnknownMeter);

        var meter = _chain.Registered("m", Alice.Address);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new MoveMeterMessage(meter.Id, Bob.Address, new ZoneId("Z9")), GridCodes.UnknownZone);
        _chain.Ok(Dso, new RetireMeterMessage(meter.Id));
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new MoveMeterMessage(meter.Id, Bob.Address, Z1), MeteringCodes.RetiredMeter);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new RetireMeterMessage(meter.Id), MeteringCodes.RetiredMeter);
    }

    [Fact]
    public void Retire_KeepsTheRecordAndReadings_ButTakesTheMeterOutOfItsOwnersAndZonesCount()
    {
        var meter = _chain.Registered("m", Alice.Address);
        _chain.Submit(meter.Read(Slot(1), 0, 5, 0, 5));

        _chain.Ok(Dso, new RetireMeterMessage(meter.Id));

        Assert.Equal(MeterStatus.Retired, MeteringModule.Meter(_chain.State, meter.Id)!.Status);
        Assert.NotNull(MeteringModule.Reading(_chain.State, meter.Id, Slot(1)));
        Assert.Empty(MeteringModule.MetersOf(_chain.State, Alice.Address));
        Assert.Equal(0, MeteringModule.ActiveMetersIn(_chain.State, Z1));
    }

    [Fact]
    public void AZoneWithActiveMeters_CannotBeRemoved_UntilTheyAreMovedOrRetired()
    {
        var meter = _chain.Registered("m", Alice.Address, zone: Z3);

        _chain.FailsChangingOnlyFeeAndNonce(Dso, new RemoveZoneMessage(Z3), GridCodes.ZoneInUse);
        _chain.Ok(Dso, new RetireMeterMessage(meter.Id));
        _chain.Ok(Dso, new RemoveZoneMessage(Z3));
    }

    [Fact]
    public void ProductionCapacity_SumsTheOwnersActiveProducingMetersInTheZone()
    {
        _chain.Registered("pv", Alice.Address, MeterKind.Production);
        _chain.Registered("battery", Alice.Address, MeterKind.Both);
        _chain.Registered("home", Alice.Address, MeterKind.Consumption);
        _chain.Registered("elsewhere", Alice.Address, MeterKind.Production, Z2);

        Assert.Equal(new Wh(2 * MaxWhPerSlot), MeteringQueries.ProductionCapacity(_chain.State, Alice.Address, Z1));
        Assert.Equal(new Wh(MaxWhPerSlot), MeteringQueries.ProductionCapacity(_chain.State, Alice.Address, Z2));
        Assert.Equal(new Wh(0), MeteringQueries.ProductionCapacity(_chain.State, Bob.Address, Z1));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 6)]
    public void Registration_WithAnUnknownKindOrTechnologyByte_DoesNotDecode(byte kind, byte technology)
    {
        var w = new CanonicalWriter();
        w.Hash(Key("m").Id.Key).Address(Alice.Address).String("Z1").U8(kind).U8(technology).I64(1_000).I64(0).I64(0).String("");

        Assert.Null(Registry.Decode(ModuleIds.Metering, RegisterMeterMessage.TypeId, w.WrittenSpan, out var rejection));
        Assert.Equal(RejectionCodes.Malformed, rejection!.Code);
    }

    [Fact]
    public void Batch_WithNoReadingOrFewerBytesThanItsCountPromises_DoesNotDecode()
    {
        foreach (var payload in new[] { new CanonicalWriter().U32(0).ToArray(), new CanonicalWriter().U32(1_000_000).ToArray(), new CanonicalWriter().U32(1)
            .Raw(new byte[135]).ToArray() })
        {
            Assert.Null(Registry.Decode(ModuleIds.Metering, SubmitReadingsMessage.TypeId, payload, out var rejection));
            Assert.Equal(RejectionCodes.Malformed, rejection!.Code);
        }
    }

    [Fact]
    public void EveryMeteringMessage_RoundTripsThroughItsEncoding()
    {
        var key = Key("m");
        IMessage[] messages = [Registration(key, Alice.Address), new MoveMeterMessage(key.Id, Bob.Address, Z2), new RetireMeterMessage(key.Id)];
        foreach (var message in messages)
        {
            var w = new CanonicalWriter();
            message.Encode(w);
            Assert.Equal(message, Registry.Decode(ModuleIds.Metering, message.Type, w.WrittenSpan, out _));
        }

        var reading = key.Read(Slot(1), 1, 2, 3, 4);
        var batch = new CanonicalWriter();
        new SubmitReadingsMessage([reading, reading]).Encode(batch);
        var decoded = (SubmitReadingsMessage)Registry.Decode(ModuleIds.Metering, SubmitReadingsMessage.TypeId, batch.WrittenSpan, out _)!;
        Assert.Equal(reading.ToBytes(), decoded.Readings[1].ToBytes());
    }

    private static MessageRegistry Registry => GridForge.Runtime.Execution.ChainRuntime.StandardModules().Registry;
}
