namespace GridForge.Runtime.Modules.Governance;

/// <summary>The kinds of event the governance module emits.</summary>
public static class GovernanceEvents
{
    public const string Proposed = "proposed";
    public const string Voted = "voted";
    public const string Cosigned = "cosigned";
    public const string Tallied = "tallied";
    public const string DepositReturned = "deposit_returned";
    public const string DepositForfeited = "deposit_forfeited";
    public const string Enacted = "enacted";
    public const string EnactmentFailed = "enactment_failed";

    /// <summary>A proposal the runtime could not tally: id, code, reason, deposit_returned.</summary>
    public const string Failed = "proposal_failed";
}
