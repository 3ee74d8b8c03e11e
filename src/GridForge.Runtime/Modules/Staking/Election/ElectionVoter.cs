namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>A voter of an election: its stake (its budget) and the candidates it approves, in its own order.</summary>
public sealed record ElectionVoter<TId>(TId Id, ulong Stake, IReadOnlyList<TId> Targets)
    where TId : notnull;
