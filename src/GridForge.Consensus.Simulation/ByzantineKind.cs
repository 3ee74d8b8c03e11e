namespace GridForge.Consensus.Simulation;

/// <summary>How a Byzantine validator misbehaves.</summary>
public enum ByzantineKind
{
    /// <summary>Twins: two honest-looking instances with the same key, each talking to its own half of the network.</summary>
    Twins,

    /// <summary>One instance that sends one vote (or proposal) to some peers and a conflicting one to the others, and
    /// sometimes proposes a block the application refuses.</summary>
    Equivocator,
}
