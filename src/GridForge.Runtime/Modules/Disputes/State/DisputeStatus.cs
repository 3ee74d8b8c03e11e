namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Where a dispute stands; every status but <see cref="Open"/> is final.</summary>
public enum DisputeStatus : byte
{
    Open = 0,

    /// <summary>The arbitrator upheld the subject: hold released to the respondent, bond lost to the respondent.</summary>
    Upheld = 1,

    /// <summary>The arbitrator corrected it: the corrected amount to the opener, the rest released, bond returned.</summary>
    Corrected = 2,

    /// <summary>Undecided at the deadline, default rule 0: hold released to the respondent, bond returned.</summary>
    DefaultUpheld = 3,

    /// <summary>Undecided at the deadline, default rule 1: the whole hold to the opener, bond returned.</summary>
    DefaultCorrected = 4,
}
