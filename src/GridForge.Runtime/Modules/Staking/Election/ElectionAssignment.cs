namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>One voter's stake as it was distributed over the winners it approves (only edges with a positive
/// weight; the weights sum to the voter's stake whenever the voter backs any winner).</summary>
public sealed record ElectionAssignment<TId>(TId Voter, ulong Stake, IReadOnlyList<ElectionEdge<TId>> Distribution)
    where TId : notnull;
