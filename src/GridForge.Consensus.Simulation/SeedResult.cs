namespace GridForge.Consensus.Simulation;

/// <summary>One seed's run: what it decided, in how many rounds, over how much simulated time, and what it broke.</summary>
public sealed record SeedResult(ulong Seed, IReadOnlyList<Violation> Violations, ulong HeightsDecided, IReadOnlyList<int> DecisionRounds, long SimulatedMs,
    long Deliveries, int Equivocations, int SignatureChecks)
{
    public bool Passed => Violations.Count == 0;
}
