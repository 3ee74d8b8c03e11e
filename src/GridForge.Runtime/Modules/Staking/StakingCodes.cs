namespace GridForge.Runtime.Modules.Staking;

/// <summary>The stable rejection codes of the staking module (documented in docs/staking-and-governance.md), besides
/// the runtime's <c>insufficient_funds</c>, <c>invalid_amount</c> and <c>arithmetic_overflow</c>.</summary>
public static class StakingCodes
{
    /// <summary>The account has no active bond for what it asks (unbond more than active, validate or nominate unbonded).</summary>
    public const string NotBonded = "not_bonded";

    /// <summary>The active bond would be below the minimum for the account's role (<c>min_validator_bond</c>, <c>min_nominator_bond</c>).</summary>
    public const string BelowMinBond = "below_min_bond";

    /// <summary>The account already has <c>max_unlocking_chunks</c> chunks unbonding; withdraw or rebond first.</summary>
    public const string TooManyChunks = "too_many_chunks";

    /// <summary>Rebond asks for more than is unbonding.</summary>
    public const string NothingToRebond = "nothing_to_rebond";

    /// <summary>No unbonded chunk or released access bond has reached its era yet.</summary>
    public const string NothingToWithdraw = "nothing_to_withdraw";

    /// <summary>A commission above 100% (1,000,000,000 parts per billion).</summary>
    public const string InvalidCommission = "invalid_commission";

    /// <summary>A nomination with no target, or more distinct targets than <c>max_nominations</c>.</summary>
    public const string InvalidTargets = "invalid_targets";

    /// <summary>A nominated account has not declared intent to validate.</summary>
    public const string UnknownValidator = "unknown_validator";

    /// <summary>Chill from an account that neither validates nor nominates.</summary>
    public const string NotStaking = "not_staking";

    /// <summary>The two votes are not two different blocks at one height, each signed by the accused validator.</summary>
    public const string InvalidEvidence = "invalid_evidence";

    /// <summary>The evidence is for this block's height or later.</summary>
    public const string EvidenceFromFuture = "evidence_from_future";

    /// <summary>The offence is older than the eras still kept (the unbonding period).</summary>
    public const string EvidenceTooOld = "evidence_too_old";

    /// <summary>The accused had no exposure (was not an elected, staked validator) in the offence's era.</summary>
    public const string NotExposed = "not_exposed";

    /// <summary>The validator was already slashed for an offence in that era.</summary>
    public const string AlreadySlashed = "already_slashed";

    /// <summary>An access role other than trader, issuer, arbitrator or gateway.</summary>
    public const string UnknownRole = "unknown_role";

    /// <summary>The account already holds an access bond for the role at the required amount.</summary>
    public const string AccessBondExists = "access_bond_exists";

    /// <summary>The account holds no access bond in force for the role.</summary>
    public const string NoAccessBond = "no_access_bond";
}
