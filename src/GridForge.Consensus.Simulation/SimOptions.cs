using GridForge.Consensus.Engine;

namespace GridForge.Consensus.Simulation;

/// <summary>What a simulation run varies: the network's size and faults, and (for the mutation tests) a broken variant.
/// Everything else is drawn from the seed (<see cref="Scenario"/>).</summary>
public sealed record SimOptions
{
    public int Validators { get; init; } = 4;

    /// <summary>Byzantine validators; their power is always below 1/3 of the total.</summary>
    public int Byzantine { get; init; } = 1;

    public bool Crashes { get; init; } = true;

    public bool Partitions { get; init; } = true;

    /// <summary>Heights every honest validator must decide.</summary>
    public int Heights { get; init; } = 12;

    public bool EraChange { get; init; } = true;

    /// <summary>A loss rate (per mille) for the whole run instead of a faulty period that ends at GST (figures only).</summary>
    public int? ConstantLossPermille { get; init; }

    /// <summary>The share (per mille) of seeds whose network stays slower after GST than the first timeouts: only timeouts
    /// that grow with the round let those runs decide.</summary>
    public int SlowNetworkPermille { get; init; } = 50;

    /// <summary>The share (per mille) of seeds played by a coordinated attacker: Byzantine power just under 1/3, a long
    /// faulty period, every first decider cut off, every Byzantine vote split.</summary>
    public int AdversarialPermille { get; init; } = 250;

    /// <summary>Ends the run after this much simulated time (figures), instead of at <see cref="Heights"/>.</summary>
    public long? DurationMs { get; init; }

    internal CoreMutation Mutation { get; init; }

    /// <summary>For the mutation tests: the coordinated attacker always claims a valid round (true) or never (false),
    /// instead of either by seed.</summary>
    internal bool? AttackerClaimsValidRound { get; init; }

    /// <summary>Liveness is checked unless the Byzantine validators hold a third of the power (then honest ones alone
    /// cannot decide).</summary>
    internal bool CheckLiveness => !ByzantineAtOneThird;

    /// <summary>Broken host variant: the sign state is lost on a crash (no durable guard).</summary>
    internal bool VolatileSignState { get; init; }

    /// <summary>Broken host variant: proposers never include evidence.</summary>
    internal bool NoEvidenceInBlocks { get; init; }

    /// <summary>For the 2/3 mutant: the Byzantine validators hold exactly 1/3 of the power (safety still holds for the
    /// real algorithm, which needs more than 2/3; liveness is not checked then).</summary>
    internal bool ByzantineAtOneThird { get; init; }
}
