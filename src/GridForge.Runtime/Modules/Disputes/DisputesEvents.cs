namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Kinds of the disputes module's events: every step of a dispute is one.</summary>
public static class DisputesEvents
{
    /// <summary>id, subject, opener, respondent, claim, bond, bond_token, held, awaiting_settlement, deadline, reason.</summary>
    public const string Opened = "dispute_opened";

    /// <summary>The subject settled: id, respondent, received (what the respondent got from it), added, held.</summary>
    public const string HoldToppedUp = "dispute_hold_topped_up";

    /// <summary>An arbitrator submitted a ruling: id, arbitrator, ruling, amount, votes (for this ruling), threshold.</summary>
    public const string Vote = "dispute_vote";

    /// <summary>A ruling took effect: id, ruling, to_opener, released, bond, bond_token, bond_to.</summary>
    public const string Ruled = "dispute_ruled";

    /// <summary>The deadline passed undecided: id, rule, to_opener, released, bond (returned), bond_token.</summary>
    public const string ResolvedByDefault = "dispute_resolved_by_default";

    /// <summary>Governance set (or cleared) the council: members, threshold.</summary>
    public const string CouncilSet = "dispute_council_set";

    /// <summary>A dispute's default ruling failed (its changes dropped): id, code, reason. It left the due list and stays open,
    /// hold and bond in place, for the arbitrator to rule on after the deadline.</summary>
    public const string DefaultRulingFailed = "default_ruling_failed";
}
