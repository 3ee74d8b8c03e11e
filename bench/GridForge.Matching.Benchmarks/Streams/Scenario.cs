namespace GridForge.Matching.Benchmarks.Streams;

/// <summary>The order streams the benchmarks and the load generator replay.</summary>
public enum Scenario
{
    /// <summary>One zone, about 1,000 resting orders; gtc, ioc, fok, market, cancel and amend mixed.</summary>
    OneZone,

    /// <summary>Eight zones on a ring with two chords, tight links, congestion fees and counter-flows; same mix.</summary>
    EightZones,

    /// <summary>One zone holding 10,000 resting orders over 1,000 price levels.</summary>
    DeepBook,

    /// <summary>exchange-core's mix on one zone: about 9% gtc, 3% ioc, 6% cancel, the rest amends.</summary>
    ExchangeMix,
}
