namespace GridForge.Matching.Benchmarks.Streams;

/// <summary>A replayable stream: the grid, commands that build the starting book, and the measured commands.</summary>
public sealed class BenchStream
{
    public required Scenario Scenario { get; init; }

    public required MarketGrid Grid { get; init; }

    public required BenchCommand[] Prefill { get; init; }

    public required BenchCommand[] Commands { get; init; }

    /// <summary>Options sized so that replaying prefill and commands never grows a buffer.</summary>
    public required MatchingEngineOptions Options { get; init; }

    /// <summary>A fresh engine holding the starting book.</summary>
    public MatchingEngine CreatePrefilled()
    {
        var engine = new MatchingEngine(Grid, Options);
        Rebuild(engine);
        return engine;
    }

    /// <summary>Empties <paramref name="engine"/> and rebuilds the starting book.</summary>
    public void Rebuild(MatchingEngine engine)
    {
        engine.Reset();
        foreach (ref readonly var command in Prefill.AsSpan())
        {
            command.ApplyTo(engine);
        }
    }
}
