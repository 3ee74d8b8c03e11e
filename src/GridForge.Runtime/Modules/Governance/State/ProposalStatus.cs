namespace GridForge.Runtime.Modules.Governance;

/// <summary>Where a proposal is in its life, as stored.</summary>
public enum ProposalStatus : byte
{
    /// <summary>Votes are open until the voting end height.</summary>
    Voting = 1,

    /// <summary>Reached quorum and threshold; waits for its enactment height.</summary>
    Passed = 2,

    /// <summary>Reached quorum but not the threshold; its deposit was returned.</summary>
    Rejected = 3,

    /// <summary>Missed quorum; its deposit was burned.</summary>
    NoQuorum = 4,

    /// <summary>Passed and carried out at its enactment height.</summary>
    Enacted = 5,

    /// <summary>Passed, but carrying it out was refused at its enactment height (nothing changed).</summary>
    EnactmentFailed = 6,

    /// <summary>The runtime failed to tally it (a bug or a corrupt state): nothing was enacted and its deposit was returned.</summary>
    Failed = 7,
}
