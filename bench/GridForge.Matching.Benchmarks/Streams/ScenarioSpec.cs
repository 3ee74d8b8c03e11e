namespace GridForge.Matching.Benchmarks.Streams;

/// <summary>The knobs of one scenario: grid shape, book depth, and the weight of each command kind (out of 100).</summary>
internal sealed record ScenarioSpec(
    int Zones,
    int TargetResting,
    int HalfWidthTicks,
    int Gtc,
    int Ioc,
    int Fok,
    int Market,
    int Cancel,
    int AmendMove,
    int AmendReduce)
{
    public static ScenarioSpec For(Scenario scenario) => scenario switch
    {
        Scenario.OneZone => new(1, 1_000, 50, Gtc: 45, Ioc: 10, Fok: 3, Market: 2, Cancel: 20, AmendMove: 12, AmendReduce: 8),
        Scenario.EightZones => new(8, 2_000, 50, Gtc: 45, Ioc: 10, Fok: 3, Market: 2, Cancel: 20, AmendMove: 12, AmendReduce: 8),
        Scenario.DeepBook => new(1, 10_000, 500, Gtc: 45, Ioc: 8, Fok: 2, Market: 2, Cancel: 33, AmendMove: 6, AmendReduce: 4),
        _ => new(1, 1_000, 50, Gtc: 9, Ioc: 3, Fok: 0, Market: 0, Cancel: 6, AmendMove: 60, AmendReduce: 22),
    };
}
