namespace GridForge.Consensus.Signing;

/// <summary>What a validator signs in a round, in the order it signs them.</summary>
public enum SignStep : byte
{
    Proposal = 1,
    Prevote = 2,
    Precommit = 3,
}
