namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The stable rejection codes of the disputes module (docs/disputes.md), besides the runtime's
/// <c>insufficient_funds</c> (the bond) and <c>arithmetic_overflow</c>.</summary>
public static class DisputesCodes
{
    /// <summary>The subject kind cannot be disputed (yet): contract periods until the contracts module resolves them.</summary>
    public const string UnknownSubject = "unknown_subject";

    /// <summary>No market trade has this slot and sequence number.</summary>
    public const string UnknownTrade = "unknown_trade";

    /// <summary>The contract has no such period (a PPA's settlement period, a flexibility contract's activated slot), or its
    /// template has no second party to dispute with.</summary>
    public const string UnknownContractPeriod = "unknown_contract_period";

    /// <summary>A settlement is disputed before the trade has settled.</summary>
    public const string NotSettled = "not_settled";

    /// <summary>The sender is not a party of the subject.</summary>
    public const string NotParty = "not_party";

    /// <summary>The open window after settlement (<c>disputes.open_window_s</c>) has passed.</summary>
    public const string WindowClosed = "window_closed";

    /// <summary>A dispute over the same funds is already open.</summary>
    public const string AlreadyDisputed = "already_disputed";

    /// <summary>The claim is 0 or more than the subject could ever have moved.</summary>
    public const string ClaimOutOfBounds = "claim_out_of_bounds";

    /// <summary>The bond is below <c>disputes.min_bond</c>.</summary>
    public const string BondTooSmall = "bond_too_small";

    /// <summary>The reason is empty or longer than 280 UTF-8 bytes.</summary>
    public const string InvalidReason = "invalid_reason";

    /// <summary>No dispute has this id.</summary>
    public const string UnknownDispute = "unknown_dispute";

    /// <summary>The dispute was already ruled on or resolved by default: its hold was released once and for all.</summary>
    public const string DisputeClosed = "dispute_closed";

    /// <summary>The ruling deadline has come: the default rule decides.</summary>
    public const string RulingWindowClosed = "ruling_window_closed";

    /// <summary>The sender is not the arbitrator (the council's member, or the DSO when there is no council).</summary>
    public const string NotArbitrator = "not_arbitrator";

    /// <summary>The arbitrator is a party to the dispute.</summary>
    public const string PartyCannotRule = "party_cannot_rule";

    /// <summary>A council member arbitrating without the arbitrator access bond in force.</summary>
    public const string AccessBondMissing = "access_bond_missing";

    /// <summary>An uphold with a non-zero amount.</summary>
    public const string InvalidRuling = "invalid_ruling";

    /// <summary>A correction larger than what the dispute holds.</summary>
    public const string OverHeld = "over_held";

    /// <summary>The council member has already voted on this dispute.</summary>
    public const string AlreadyVoted = "already_voted";

    /// <summary>A council proposal with duplicate or empty members, too many, or a threshold outside 1 to their number.</summary>
    public const string InvalidCouncil = "invalid_council";
}
