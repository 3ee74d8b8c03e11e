using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>Meters for tests: keys derived from names, registrations, readings that keep their registers
/// consistent, and slots inside the default 6-hour acceptance window of a <see cref="GridTestChain"/>.</summary>
public static class MeterFixture
{
    /// <summary>10 kW: at most 2,500 Wh in a 15-minute slot.</summary>
    public const long RatedPowerW = 10_000;

    public const long MaxWhPerSlot = 2_500;

    /// <summary>Slot k of the 23 whose readings the chain accepts at its start (k = 0 is the oldest).</summary>
    public static SlotId Slot(long k) => new(StartSlot - 24 + k);

    public static MeterKey Key(string name) =>
        MeterKey.FromSeed(Hashing.Domain("gridforge test meter", System.Text.Encoding.UTF8.GetBytes(name)).ToArray());

    public static RegisterMeterMessage Registration(MeterKey meter, Address owner, ZoneId? zone = null, MeterKind kind = MeterKind.Both,
        MeterTechnology technology = MeterTechnology.Solar, long ratedPowerW = RatedPowerW, long importRegister = 0, long exportRegister = 0) =>
        new(meter.Id, owner, zone ?? Z1, kind, technology, ratedPowerW, new Wh(importRegister), new Wh(exportRegister), "SN-" + meter.Id.ToString()[6..14]);

    /// <summary>Registers the meter (by the DSO) and returns it.</summary>
    public static MeterKey Registered(this GridTestChain chain, string name, Address owner, MeterKind kind = MeterKind.Both, ZoneId? zone = null)
    {
        var key = Key(name);
        chain.Ok(Dso, Registration(key, owner, zone, kind));
        return key;
    }

    public static MeterReading Read(this MeterKey meter, SlotId slot, long imported, long exported, long importRegister, long exportRegister, string chainId =
        "gridforge-dev") =>
        meter.Sign(chainId, slot, new Wh(imported), new Wh(exported), new Wh(importRegister), new Wh(exportRegister));

    /// <summary>Submits the readings in one batch from the gateway (no role holder); the transaction must succeed
    /// and its events must account for every reading exactly once.</summary>
    public static IReadOnlyList<Event> Submit(this GridTestChain chain, params MeterReading[] readings)
    {
        var result = chain.Run(Gateway, new SubmitReadingsMessage(readings));
        Assert.True(result.Success, $"the batch was refused: {result.Rejection}");
        Assert.Equal(readings.Length, Codes(result.Events).Count);
        return result.Events;
    }

    /// <summary>Each reading's outcome in batch order, "ok" for an accepted one, from a batch's events: one
    /// <c>reading_rejected</c> per refused reading, then one <c>readings_accepted</c> naming the others.</summary>
    public static IReadOnlyList<string> Codes(IReadOnlyList<Event> events)
    {
        var summary = Assert.IsType<ReadingsAccepted>(events[^1].Decode());
        var outcomes = new SortedDictionary<int, string>();
        foreach (var i in summary.Positions!) outcomes.Add(i, "ok");
        Assert.Equal(outcomes.Count, summary.Count);
        foreach (var e in events.Take(events.Count - 1))
        {
            var rejected = Assert.IsType<ReadingRejected>(e.Decode());
            outcomes.Add(rejected.Index, rejected.Code);
        }

        Assert.Equal(Enumerable.Range(0, outcomes.Count), outcomes.Keys);
        return [.. outcomes.Values];
    }

    /// <summary>The reading is refused with <paramref name="code"/>, the batch still succeeds, and only the gateway's fee and nonce change.</summary>
    public static void AssertRejectedChangingNothing(this GridTestChain chain, MeterReading reading, string code)
    {
        var before = chain.State.Snapshot();
        var events = chain.Submit(reading);
        Assert.Equal([code], Codes(events));
        Assert.False(string.IsNullOrWhiteSpace(Assert.IsType<ReadingRejected>(events[0].Decode()).Reason));
        chain.AssertOnlyFeeAndNonceChanged(before, Gateway.Address);
    }
}
