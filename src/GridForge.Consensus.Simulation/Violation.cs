namespace GridForge.Consensus.Simulation;

/// <summary>A property the simulator checks, broken at a moment of a seed's run.</summary>
public sealed record Violation(ulong Seed, string Property, string Detail, long AtMs)
{
    public override string ToString() => $"seed {Seed}: {Property} violated at {AtMs} ms: {Detail}";
}
