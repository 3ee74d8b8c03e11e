namespace GridForge.Runtime.Modules.Governance;

/// <summary>A vote on a proposal, as its wire byte.</summary>
public enum VoteChoice : byte
{
    /// <summary>For the proposal.</summary>
    Yes = 1,

    /// <summary>Against the proposal.</summary>
    No = 2,

    /// <summary>Counts toward quorum only.</summary>
    Abstain = 3,
}
