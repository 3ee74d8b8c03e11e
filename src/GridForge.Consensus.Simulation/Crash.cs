namespace GridForge.Consensus.Simulation;

/// <summary>Instance <see cref="Instance"/> stops at <see cref="AtMs"/>, losing all but its durable state, and restarts
/// at <see cref="RestartMs"/>.</summary>
public sealed record Crash(int Instance, long AtMs, long RestartMs);
