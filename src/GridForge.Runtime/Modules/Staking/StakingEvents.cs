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
    public const string Offence = "offence";
    public const string Slashed = "slashed";
    public const string AccessBonded = "access_bonded";
    public const string AccessReleased = "access_released";
}
