using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GridForge.Consensus.Simulation;
using ConsensusSimulation = GridForge.Consensus.Simulation.Simulation;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge consensus simulate</c>: the deterministic simulator (docs/consensus.md) from the command line.</summary>
internal static class ConsensusCommand
{
    public static Command Create()
    {
        var consensus = new Command("consensus", "The BFT consensus: its deterministic simulator");
        consensus.Subcommands.Add(Simulate());
        return consensus;
    }

    private static Command Simulate()
    {
        var validators = new Option<int>("--validators") { Description = "Validators (1–15), with unequal powers drawn from each seed", DefaultValueFactory =
            _ => 4 };
        var byzantine = new Option<int>("--byzantine") { Description = "Byzantine validators (Twins or equivocators; their power is kept below 1/3)",
            DefaultValueFactory = _ => 1 };
        var seeds = new Option<int>("--seeds") { Description = "How many seeds to run", DefaultValueFactory = _ => 100 };
        var seedStart = new Option<ulong>("--seed-start") { Description = "The first seed", DefaultValueFactory = _ => 1 };
        var heights = new Option<int>("--heights") { Description = "Heights every honest validator must decide in each seed", DefaultValueFactory = _ => 12 };
        var noCrashes = new Option<bool>("--no-crashes") { Description = "No crashes and restarts" };
        var noPartitions = new Option<bool>("--no-partitions") { Description = "No partitions (and no muted precommitters)" };
        var noEraChange = new Option<bool>("--no-era-change") { Description = "Keep the genesis validator set" };
        var attacker = new Option<int>("--attacker") { Description = "Share of seeds, in per mille, played by the coordinated attacker", DefaultValueFactory =
            _ => 250 };
        var slow = new Option<int>("--slow") { Description = "Share of seeds, in per mille, whose network stays slower than the first timeouts after GST",
            DefaultValueFactory = _ => 50 };
        var loss = new Option<int?>("--loss") { Description =
            "Percent of messages lost for the whole run (with --duration: a steady network instead of faults until GST)" };
        var duration = new Option<int?>("--duration") { Description =
            "Run each seed for this many simulated seconds from a timely start (figures: decisions per simulated second)" };
        var parallel = new Option<int>("--parallel") { Description = "Seeds run at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var trace = new Option<bool>("--trace") { Description = "Print every step of each seed (for replaying one seed)" };
        var mutant = new Option<string?>("--mutant") { Description =
            $"Run a deliberately broken variant to see the checker catch it: {string.Join(", ", Mutants.Keys)}" };
        var command = new Command("simulate", "Run the consensus simulator over seeds and check agreement, validity, no honest double-sign, liveness after " +
            "GST and evidence-to-slash; prints 'V violations' (exit 1 when V > 0)")
        {
            validators, byzantine, seeds, seedStart, heights, noCrashes, noPartitions, noEraChange, attacker, slow, loss, duration, parallel, trace, mutant,
        };
        command.SetAction(p => CliAction.Run(() =>
        {
            var options = new SimOptions
            {
                Validators = p.GetValue(validators),
                Byzantine = p.GetValue(byzantine),
                Heights = p.GetValue(heights),
                Crashes = !p.GetValue(noCrashes),
                Partitions = !p.GetValue(noPartitions),
                EraChange = !p.GetValue(noEraChange),
                AdversarialPermille = p.GetValue(attacker),
                SlowNetworkPermille = p.GetValue(slow),
                ConstantLossPermille = p.GetValue(loss) is { } percent ? checked(percent * 10) : null,
                DurationMs = p.GetValue(duration) is { } seconds ? checked(seconds * 1_000L) : null,
            };
            if (p.GetValue(mutant) is { } name)
            {
                options = Mutants.TryGetValue(name, out var broken) ? broken(options)
                    : throw new CliException($"--mutant must be one of {string.Join(", ", Mutants.Keys)}");
            }

            var count = p.GetValue(seeds);
            Check(options, count, p.GetValue(parallel), p.GetValue(loss));
            return Run(options, p.GetValue(seedStart), count, p.GetValue(parallel), p.GetValue(trace));
        }));
        return command;
    }

    /// <summary>The broken variants the mutation tests catch (docs/consensus.md).</summary>
    private static readonly SortedDictionary<string, Func<SimOptions, SimOptions>> Mutants = new(StringComparer.Ordinal)
    {
        ["no-lock-rule"] = o => o with { Mutation = Consensus.Engine.CoreMutation.NoLockRule },
        ["unchecked-valid-round"] = o => o with { Mutation = Consensus.Engine.CoreMutation.UncheckedValidRound },
        ["two-thirds-inclusive"] = o => o with { Mutation = Consensus.Engine.CoreMutation.InclusiveTwoThirds, ByzantineAtOneThird = true },
        ["fixed-timeouts"] = o => o with { Mutation = Consensus.Engine.CoreMutation.FixedTimeouts },
        ["skip-on-one-message"] = o => o with { Mutation = Consensus.Engine.CoreMutation.SkipOnAnyMessage },
        ["volatile-sign-state"] = o => o with { VolatileSignState = true },
        ["no-evidence-in-blocks"] = o => o with { NoEvidenceInBlocks = true },
    };

    private static void Check(SimOptions options, int seeds, int parallel, int? loss)
    {
        if (options.Validators is < 1 or > 15) throw new CliException("--validators must be 1 to 15");
        if (options.Byzantine < 0 || options.Byzantine >= options.Validators) throw new CliException("--byzantine must be 0 to one less than --validators");
        if (seeds < 1) throw new CliException("--seeds must be at least 1");
        if (options.Heights is < 1 or > 100_000) throw new CliException("--heights must be 1 to 100000");
        if (options.AdversarialPermille is < 0 or > 1_000 || options.SlowNetworkPermille is < 0
            or > 1_000) throw new CliException("--attacker and --slow are per mille, 0 to 1000");
        if (loss is < 0 or > 100) throw new CliException("--loss must be 0 to 100 (percent)");
        if (options.DurationMs is <= 0 or > 86_400_000) throw new CliException("--duration must be 1 to 86400 seconds");
        if (parallel < 1) throw new CliException("--parallel must be at least 1");
    }

    private static int Run(SimOptions options, ulong seedStart, int count, int parallel, bool trace)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<SeedResult>();
        if (trace)
        {
            for (var i = 0; i < count; i++)
            {
                var seed = seedStart + (ulong)i;
                foreach (var line in ConsensusSimulation.Trace(seed, options)) Console.WriteLine(line);
                results.Add(ConsensusSimulation.RunSeed(seed, options));
            }
        }
        else
        {
            var done = 0;
            results.AddRange(ConsensusSimulation.RunSeeds(seedStart, count, options, parallel, _ =>
            {
                var n = Interlocked.Increment(ref done);
                if (n % 100 == 0 && !Console.IsErrorRedirected) Console.Error.Write($"\r{n}/{count} seeds");
            }));
            if (count >= 100 && !Console.IsErrorRedirected) Console.Error.Write("\r");
        }

        var elapsed = clock.Elapsed;
        var violations = results.SelectMany(r => r.Violations).ToList();
        foreach (var failed in results.Where(r => !r.Passed))
        {
            Console.WriteLine($"FAILED {failed.Violations[0]}");
            Console.WriteLine($"  replay: gridforge consensus simulate {Describe(options)} --seeds 1 --seed-start {failed.Seed} --trace");
            if (!trace)
            {
                foreach (var line in ConsensusSimulation.Trace(failed.Seed, options, tail: 40)) Console.WriteLine($"  {line}");
            }
        }

        Print(options, seedStart, results, elapsed, parallel);
        Console.WriteLine($"{violations.Count} violations");
        return violations.Count == 0 ? 0 : 1;
    }

    private static void Print(SimOptions options, ulong seedStart, List<SeedResult> results, TimeSpan elapsed, int parallel)
    {
        var inv = CultureInfo.InvariantCulture;
        var rounds = results.SelectMany(r => r.DecisionRounds).Select(r => r + 1).Order().ToList();
        var heights = results.Sum(r => (long)r.HeightsDecided);
        var simulatedSeconds = results.Sum(r => r.SimulatedMs) / 1_000.0;
        Console.WriteLine(string.Create(inv, $"seeds {seedStart}–{seedStart + (ulong)results.Count - 1}: {options.Validators} validators, {options.Byzantine} "
            + $"Byzantine, " +
            $"{results.Count:N0} seeds in {elapsed.TotalSeconds:F1} s ({results.Count / Math.Max(elapsed.TotalSeconds, 1e-9):F1} seeds/s on {parallel} " +
            $"threads)"));
        Console.WriteLine(string.Create(inv, $"heights decided: {heights:N0}; rounds per height: p50 {Percentile(rounds, 50)}, p99 {Percentile(rounds, 99)}, ")
            + string.Create(inv, $"max {(rounds.Count > 0 ? rounds[^1] : 0)}"));
        Console.WriteLine(string.Create(inv, $"simulated time: {simulatedSeconds:N1} s; decisions per simulated second: " +
            $"{heights / Math.Max(simulatedSeconds, 1e-9):F2}; " +
            $"messages delivered: {results.Sum(r => r.Deliveries):N0}; equivocations seen by honest nodes: {results.Sum(r => r.Equivocations):N0}"));
    }

    private static string? MutantName(SimOptions o) => Mutants.FirstOrDefault(m => m.Value(new SimOptions()) is var broken
        && broken.Mutation != Consensus.Engine.CoreMutation.None ? broken.Mutation == o.Mutation : (broken.VolatileSignState && o.VolatileSignState)
            || (broken.NoEvidenceInBlocks && o.NoEvidenceInBlocks)).Key;

    private static int Percentile(List<int> sorted, int p) => sorted.Count == 0 ? 0
        : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * p / 100.0) - 1)];

    private static string Describe(SimOptions o) =>
        string.Join(" ", new[]
        {
            $"--validators {o.Validators} --byzantine {o.Byzantine}",
            o.Heights != 12 ? $"--heights {o.Heights}" : null,
            o.Crashes ? null : "--no-crashes",
            o.Partitions ? null : "--no-partitions",
            o.EraChange ? null : "--no-era-change",
            o.AdversarialPermille != 250 ? $"--attacker {o.AdversarialPermille}" : null,
            o.SlowNetworkPermille != 50 ? $"--slow {o.SlowNetworkPermille}" : null,
            o.ConstantLossPermille is { } l ? $"--loss {l / 10}" : null,
            o.DurationMs is { } d ? $"--duration {d / 1000}" : null,
            MutantName(o) is { } m ? $"--mutant {m}" : null,
        }.Where(s => s is not null));
}
