namespace GridForge.Consensus.Messages;

/// <summary>The two votes of a round, in the order a validator casts them.</summary>
public enum VoteType : byte
{
    Prevote = 1,
    Precommit = 2,
}
