using GridForge.Consensus.Simulation;

namespace GridForge.Consensus.Tests.Simulation;

/// <summary>The CI run (issue 16): 1,000 seeds over 4–7 validators with 1–2 Byzantine ones (Twins and equivocators),
/// with crashes, partitions, loss, duplication, reordering and an era change, and not one violation of agreement,
/// validity, honest non-equivocation, liveness after GST or evidence-to-slash. 125 seeds per combination.</summary>
public class SimulatorCiTests
{
    public static TheoryData<int, int, ulong> Networks => new()
    {
        { 4, 1, 1_000 }, { 4, 2, 2_000 }, { 5, 1, 3_000 }, { 5, 2, 4_000 }, { 6, 1, 5_000 }, { 6, 2, 6_000 }, { 7, 1, 7_000 }, { 7, 2, 8_000 },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void NoPropertyIsEverViolated_Over125Seeds(int validators, int byzantine, ulong seedStart)
    {
        var options = new SimOptions { Validators = validators, Byzantine = byzantine };
        var results = SimulationAssert.NoViolations(options, seedStart, 125);
        Assert.All(results, r => Assert.True(r.HeightsDecided >= (ulong)Scenario.Generate(r.Seed, options).TargetHeight,
            $"seed {r.Seed} decided {r.HeightsDecided}"));
    }
}
