namespace GridForge.Consensus.Engine;

/// <summary>Deliberately broken variants of the core, one rule each, so the simulator's tests can prove that its
/// checks catch a broken algorithm (tests and the simulator only; a node never sets one).</summary>
internal enum CoreMutation
{
    None = 0,

    /// <summary>Lines 23 and 29 without the lock: prevote any valid proposal.</summary>
    NoLockRule,

    /// <summary>"2f + 1" as at least 2/3 of the power instead of more than 2/3.</summary>
    InclusiveTwoThirds,

    /// <summary>Line 28 without its 2f + 1 prevotes at the proposal's valid round: a proposer's claim unlocks.</summary>
    UncheckedValidRound,

    /// <summary>Timeouts that do not grow with the round.</summary>
    FixedTimeouts,

    /// <summary>Line 55 on one message of a higher round instead of f + 1 power.</summary>
    SkipOnAnyMessage,
}
