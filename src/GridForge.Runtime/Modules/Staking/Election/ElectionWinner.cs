namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>An elected candidate, its total backing in whole stake units, and the round (0-based) it was elected in.</summary>
public sealed record ElectionWinner<TId>(TId Id, UInt128 Backing, int Round)
    where TId : notnull;
