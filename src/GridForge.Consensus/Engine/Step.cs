namespace GridForge.Consensus.Engine;

/// <summary>Algorithm 1's step_p within a round.</summary>
public enum Step : byte
{
    Propose = 0,
    Prevote = 1,
    Precommit = 2,
}
