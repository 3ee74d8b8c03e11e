using GridForge.Consensus.Simulation;
using Sim = GridForge.Consensus.Simulation.Simulation;

namespace GridForge.Consensus.Tests.Simulation;

/// <summary>Runs seeds and fails with the first failing seed, its violation and the tail of its replayed trace.</summary>
internal static class SimulationAssert
{
    public static IReadOnlyList<SeedResult> NoViolations(SimOptions options, ulong seedStart, int seeds)
    {
        var results = Sim.RunSeeds(seedStart, seeds, options, Environment.ProcessorCount);
        if (results.FirstOrDefault(r => !r.Passed) is { } failed)
        {
            var trace = string.Join(Environment.NewLine, Sim.Trace(failed.Seed, options, tail: 80));
            Assert.Fail($"{failed.Violations[0]}{Environment.NewLine}replay: gridforge consensus simulate --validators {options.Validators} " +
                $"--byzantine {options.Byzantine} --seeds 1 --seed-start {failed.Seed} --trace{Environment.NewLine}{trace}");
        }

        return results;
    }

    /// <summary>The first seed (from <paramref name="seedStart"/>, at most <paramref name="within"/>) whose run breaks a
    /// property, or null: seeds run in small batches so that a caught mutant stops early.</summary>
    public static SeedResult? FirstViolation(SimOptions options, ulong seedStart, int within)
    {
        const int batch = 8;
        for (var done = 0; done < within; done += batch)
        {
            var results = Sim.RunSeeds(seedStart + (ulong)done, Math.Min(batch, within - done), options, Environment.ProcessorCount);
            if (results.FirstOrDefault(r => !r.Passed) is { } failed) return failed;
        }

        return null;
    }
}
