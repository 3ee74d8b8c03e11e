using GridForge.Consensus.Simulation;
using Sim = GridForge.Consensus.Simulation.Simulation;

namespace GridForge.Consensus.Tests.Simulation;

public class SimulatorTests
{
    [Fact]
    public void ASeed_ReplaysExactly_StepForStep()
    {
        var options = new SimOptions { Validators = 5, Byzantine = 1 };
        var first = Sim.Trace(17, options);
        var second = Sim.Trace(17, options);
        Assert.True(first.Count > 100);
        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeeds_DrawDifferentRuns()
    {
        var options = new SimOptions { Validators = 5, Byzantine = 1 };
        Assert.NotEqual(Scenario.Generate(1, options).ToString(), Scenario.Generate(2, options).ToString());
    }

    [Fact]
    public void ByzantinePower_IsAlwaysBelowAThird_BeforeAndAfterTheEraChange()
    {
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var s = Scenario.Generate(seed, new SimOptions { Validators = 4 + (int)(seed % 4), Byzantine = 1 + (int)(seed % 2) });
            foreach (var set in new[] { s.GenesisSet, s.EraSet })
            {
                var byzantine = set.Members.Where(m => !s.IsHonest(m.Address)).Aggregate(0UL, (sum, m) => sum + m.Power);
                Assert.True(byzantine * 3 < set.TotalPower, $"seed {seed}: {byzantine} of {set.TotalPower}");
                Assert.True(set.Members.Select(m => m.Power).Distinct().Count() > 1 || set.Count == 1, $"seed {seed}: equal powers");
            }
        }
    }

    [Fact]
    public void TheRuns_ExerciseEveryFault_TheyClaimTo()
    {
        var options = new SimOptions { Validators = 5, Byzantine = 2 };
        var scenarios = Enumerable.Range(1, 100).Select(i => Scenario.Generate((ulong)i, options)).ToList();
        Assert.Contains(scenarios, s => s.Crashes.Count > 0);
        Assert.Contains(scenarios, s => s.Partitions.Count > 0);
        Assert.Contains(scenarios, s => s.Instances.Any(i => i.Kind == ByzantineKind.Twins));
        Assert.Contains(scenarios, s => s.Instances.Any(i => i.Kind == ByzantineKind.Equivocator));
        Assert.Contains(scenarios, s => s.EraChangeHeight > 0 && !s.EraSet.SameAs(s.GenesisSet));
        Assert.Contains(scenarios, s => s.MaxDelayAfterGstMs > s.Timeouts.PrevoteMs);
        var results = Sim.RunSeeds(1, 40, options, Environment.ProcessorCount);
        Assert.Contains(results, r => r.Equivocations > 0);
        Assert.Contains(results, r => r.DecisionRounds.Any(round => round > 0));
    }
}
