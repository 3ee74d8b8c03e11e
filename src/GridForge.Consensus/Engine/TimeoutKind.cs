namespace GridForge.Consensus.Engine;

/// <summary>The three timeouts of Algorithm 1 (OnTimeoutPropose, OnTimeoutPrevote, OnTimeoutPrecommit).</summary>
public enum TimeoutKind : byte
{
    Propose = 0,
    Prevote = 1,
    Precommit = 2,
}
