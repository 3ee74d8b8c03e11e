namespace GridForge.Consensus.Simulation;

/// <summary>Runs seeds: each is a fresh <see cref="SimWorld"/> drawn from its seed alone, so the seeds of a batch can run
/// on any number of threads and any seed replays exactly.</summary>
public static class Simulation
{
    public static SeedResult RunSeed(ulong seed, SimOptions options, Action<string>? trace = null)
    {
        var world = new SimWorld(Scenario.Generate(seed, options), trace);
        world.Run();
        return new SeedResult(seed, world.Checker.Violations, world.Checker.Oracle.Height, world.Checker.DecisionRounds, world.Now, world.Deliveries,
            world.Checker.Equivocations, world.Verifier.Checks);
    }

    /// <summary>Seeds <paramref name="seedStart"/> … + <paramref name="seeds"/> − 1, results in seed order.</summary>
    public static IReadOnlyList<SeedResult> RunSeeds(ulong seedStart, int seeds, SimOptions options, int parallelism = 1, Action<SeedResult>? done = null)
    {
        var results = new SeedResult[seeds];
        Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            results[i] = RunSeed(seedStart + (ulong)i, options);
            done?.Invoke(results[i]);
        });
        return results;
    }

    /// <summary>The run of a failing seed again, with every step written out: the replayable trace (the last
    /// <paramref name="tail"/> lines, or all when 0).</summary>
    public static IReadOnlyList<string> Trace(ulong seed, SimOptions options, int tail = 0)
    {
        var lines = new List<string>();
        var result = RunSeed(seed, options, lines.Add);
        lines.AddRange(result.Violations.Select(v => $"VIOLATION {v}"));
        return tail > 0 && lines.Count > tail ? lines[^tail..] : lines;
    }
}
