namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>The outcome of an election: the winners in the order they were elected, and every voter's distribution.</summary>
public sealed record ElectionResult<TId>(IReadOnlyList<ElectionWinner<TId>> Winners, IReadOnlyList<ElectionAssignment<TId>> Assignments)
    where TId : notnull;
