using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;
using static GridForge.Runtime.Tests.Modules.Metering.MeterFixture;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>A gateway tells each meter what became of its reading from the batch's events alone, as the store and the API
/// keep them (JSON).</summary>
public sealed class ReadingOutcomeTests
{
    [Fact]
    public void Outcomes_FromABatchsStoredEvents_NameEachReadingsFate_InBatchOrder()
    {
        var chain = new GridTestChain();
        var alice = chain.Registered("alice-pv", Alice.Address);
        var bob = chain.Registered("bob-wind", Bob.Address);
        var forged = alice.Read(Slot(1), 0, 10, 0, 10) with { Exported = new Wh(11) };
        var events = chain.Submit(bob.Read(Slot(1), 0, 5, 0, 5), forged, alice.Read(Slot(2), 0, 7, 0, 7), bob.Read(Slot(1), 0, 5, 0, 5));

        var stored = EventJson.Read(EventJson.Write(events));

        Assert.NotNull(stored);
        var outcomes = ReadingOutcome.Of(stored, 4);
        Assert.Equal([true, false, true, false], outcomes.Select(o => o.Accepted));
        Assert.Equal([null, MeteringCodes.BadSignature, null, MeteringCodes.DuplicateReading], outcomes.Select(o => o.Code));
        Assert.False(string.IsNullOrWhiteSpace(outcomes[1].Reason));
    }

    [Fact]
    public void AReadingTheEventsDoNotMention_IsReportedAsSuch_NeverAsAccepted()
    {
        var outcomes = ReadingOutcome.Of([Event.From(new ReadingsAccepted(1, "0"))], 2);

        Assert.True(outcomes[0].Accepted);
        Assert.Equal((false, ReadingOutcome.NoOutcomeReported), (outcomes[1].Accepted, outcomes[1].Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[{\"module\":\"metering\",\"kind\":\"x\"}]")]
    [InlineData("[{\"module\":\"metering\",\"kind\":\"x\",\"attributes\":{\"a\":1}}]")]
    public void EventJson_ThatIsNotTheStoresShape_ReadsAsNull(string json) => Assert.Null(EventJson.Read(json));
}

/// <summary>What a gateway may answer without a transaction: only refusals no later block can lift.</summary>
public sealed class FinalRefusalTests
{
    private readonly GridTestChain _chain = new();
    private readonly MeterKey _meter;

    public FinalRefusalTests()
    {
        _meter = _chain.Registered("alice-pv", Alice.Address);
        _chain.Submit(_meter.Read(Slot(3), 0, 10, 0, 10));
    }

    private string? Code(MeterReading r) => MeteringQueries.FinalRefusal(_chain.State, r, _chain.Time)?.Code;

    [Fact]
    public void AReadingOfASlotTheMeterAlreadyHas_IsADuplicate_AndOfAnEarlierSlot_OutOfOrder()
    {
        Assert.Equal(MeteringCodes.DuplicateReading, Code(_meter.Read(Slot(3), 0, 10, 0, 10)));
        Assert.Equal(MeteringCodes.OutOfOrder, Code(_meter.Read(Slot(2), 0, 10, 0, 10)));
    }

    [Fact]
    public void AReadingWhoseWindowClosed_IsOutsideTheWindow()
    {
        var fresh = _chain.Registered("bob-wind", Bob.Address);
        Assert.Equal(MeteringCodes.OutsideWindow, Code(fresh.Read(Slot(-2), 0, 10, 0, 10)));
        Assert.Null(Code(fresh.Read(Slot(0), 0, 10, 0, 10)));
    }

    [Fact]
    public void AReadingABlockMayStillAccept_OrOfASlotNotYetEnded_IsNotJudged()
    {
        Assert.Null(Code(_meter.Read(Slot(4), 0, 10, 0, 20)));
        Assert.Null(Code(_meter.Read(Slot(4), 0, 10, 0, 99)));
        Assert.Null(Code(_meter.Read(_chain.CurrentSlot, 0, 10, 0, 20)));
    }
}
