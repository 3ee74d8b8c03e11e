namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>How much of one voter's stake backs one winner, in whole stake units.</summary>
public readonly record struct ElectionEdge<TId>(TId Target, UInt128 Weight)
    where TId : notnull;
