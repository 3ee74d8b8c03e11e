namespace GridForge.Runtime.Modules.Staking;

/// <summary>The kinds of event the staking module emits.</summary>
public static class StakingEvents
{
    public const string Bonded = "bonded";
    public const string Unbonded = "unbonded";
    public const string Rebonded = "rebonded";
    public const string Withdrawn = "withdrawn";
    public const string ValidatorDeclared = "validate";
    public const string Nominated = "nominate";
    public const string Chilled = "chill";
    public const string EraStarted = "era_started";
    public const string ElectionFailed = "election_failed";
    public const string Reward = "reward";
    public const string EraPaid = "era_paid";

    /// <summary>An era's end (payout and election) failed: era, code, reason. The next era starts with the validator set as it is,
    /// no rewards are paid for this one and none are earned in the next (it has no exposures); its end elects again.</summary>
    public const string EraEndFailed = "era_end_failed";

    /// <summary>Counting a block for its proposer failed: era, validator, code (the block is not counted).</summary>
    public const string PointsFailed = "points_failed";
    public const string Offence = "offence";
    public const string Slashed = "slashed";
    public const string AccessBonded = "access_bonded";
    public const string AccessReleased = "access_released";
}
