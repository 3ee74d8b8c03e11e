using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Kinds of the staking module's events; each has its record below.</summary>
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
    public const string EraEndFailed = "era_end_failed";
    public const string PointsFailed = "points_failed";
    public const string Offence = "offence";
    public const string Slashed = "slashed";
    public const string AccessBonded = "access_bonded";
    public const string AccessReleased = "access_released";

    /// <summary>Reads a stored staking event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        Bonded => Staking.Bonded.Read(r),
        Unbonded => Staking.Unbonded.Read(r),
        Rebonded => Staking.Rebonded.Read(r),
        Withdrawn => Staking.Withdrawn.Read(r),
        ValidatorDeclared => Staking.ValidatorDeclared.Read(r),
        Nominated => Staking.Nominated.Read(r),
        Chilled => Staking.Chilled.Read(r),
        EraStarted => Staking.EraStarted.Read(r),
        ElectionFailed => Staking.ElectionFailed.Read(r),
        Reward => ValidatorRewarded.Read(r),
        EraPaid => Staking.EraPaid.Read(r),
        EraEndFailed => Staking.EraEndFailed.Read(r),
        PointsFailed => Staking.PointsFailed.Read(r),
        Offence => OffenceReported.Read(r),
        Slashed => Staking.Slashed.Read(r),
        AccessBonded => Staking.AccessBonded.Read(r),
        AccessReleased => Staking.AccessReleased.Read(r),
        _ => null,
    };
}

/// <summary>An account bonded GRID; <paramref name="Active"/> is its active bond after.</summary>
public sealed record Bonded(Address Account, ulong Amount, ulong Active) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Bonded;

    public void Write(EventWriter a) => a.Add("account", Account).Add("amount", Amount).Add("active", Active);

    internal static Bonded Read(EventReader r) => new(r.Address("account"), r.U64("amount"), r.U64("active"));
}

/// <summary>An account started unbonding; the amount can be withdrawn from <paramref name="WithdrawableEra"/>.</summary>
public sealed record Unbonded(Address Account, ulong Amount, ulong WithdrawableEra) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Unbonded;

    public void Write(EventWriter a) => a.Add("account", Account).Add("amount", Amount).Add("withdrawable_era", WithdrawableEra);

    internal static Unbonded Read(EventReader r) => new(r.Address("account"), r.U64("amount"), r.U64("withdrawable_era"));
}

/// <summary>An account bonded again what it was unbonding.</summary>
public sealed record Rebonded(Address Account, ulong Amount) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Rebonded;

    public void Write(EventWriter a) => a.Add("account", Account).Add("amount", Amount);

    internal static Rebonded Read(EventReader r) => new(r.Address("account"), r.U64("amount"));
}

/// <summary>An account withdrew its matured unbonded GRID and released access bonds.</summary>
public sealed record Withdrawn(Address Account, ulong Amount) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Withdrawn;

    public void Write(EventWriter a) => a.Add("account", Account).Add("amount", Amount);

    internal static Withdrawn Read(EventReader r) => new(r.Address("account"), r.U64("amount"));
}

/// <summary>An account declared itself a validator candidate (kind <c>validate</c>).</summary>
public sealed record ValidatorDeclared(Address Validator, uint CommissionPpb) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.ValidatorDeclared;

    public void Write(EventWriter a) => a.Add("validator", Validator).Add("commission_ppb", CommissionPpb);

    internal static ValidatorDeclared Read(EventReader r) => new(r.Address("validator"), r.U32("commission_ppb"));
}

/// <summary>An account nominated validators (kind <c>nominate</c>; the targets distinct and in address order, written space-separated).</summary>
public sealed record Nominated(Address Nominator, IReadOnlyList<Address> Targets) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Nominated;

    public void Write(EventWriter a) => a.Add("nominator", Nominator).Add("targets", string.Join(' ', Targets));

    internal static Nominated Read(EventReader r) => new(r.Address("nominator"),
        [.. r.Text("targets").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Address.Parse)]);
}

/// <summary>An account stopped validating and nominating (kind <c>chill</c>).</summary>
public sealed record Chilled(Address Account) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Chilled;

    public void Write(EventWriter a) => a.Add("account", Account);

    internal static Chilled Read(EventReader r) => new(r.Address("account"));
}

/// <summary>An era started with <paramref name="Validators"/> elected validators backed by <paramref name="Backing"/> GRID.</summary>
public sealed record EraStarted(ulong Era, ulong Height, int Validators, ulong Backing) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.EraStarted;

    public void Write(EventWriter a) => a.Add("era", Era).Add("height", Height).Add("validators", Validators).Add("backing", Backing);

    internal static EraStarted Read(EventReader r) => new(r.U64("era"), r.U64("height"), r.I32("validators"), r.U64("backing"));
}

/// <summary>An era's election found fewer than the minimum of validators: the set carries over.</summary>
public sealed record ElectionFailed(ulong Era, int Elected, long MinValidators) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.ElectionFailed;

    public void Write(EventWriter a) => a.Add("era", Era).Add("elected", Elected).Add("min_validators", MinValidators);

    internal static ElectionFailed Read(EventReader r) => new(r.U64("era"), r.I32("elected"), r.I64("min_validators"));
}

/// <summary>A validator's reward for an era (kind <c>reward</c>): its points, share, commission and what was paid to it and its nominators.</summary>
public sealed record ValidatorRewarded(ulong Era, Address Validator, ulong Points, ulong Share, ulong Commission, ulong Paid) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Reward;

    public void Write(EventWriter a) => a.Add("era", Era).Add("validator", Validator).Add("points", Points).Add("share", Share)
        .Add("commission", Commission).Add("paid", Paid);

    internal static ValidatorRewarded Read(EventReader r) => new(r.U64("era"), r.Address("validator"), r.U64("points"), r.U64("share"),
        r.U64("commission"), r.U64("paid"));
}

/// <summary>An era's rewards were paid: its length in blocks and seconds, its reward and what was paid in all.</summary>
public sealed record EraPaid(ulong Era, ulong Blocks, long Seconds, ulong EraReward, ulong Paid) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.EraPaid;

    public void Write(EventWriter a) => a.Add("era", Era).Add("blocks", Blocks).Add("seconds", Seconds).Add("era_reward", EraReward).Add("paid", Paid);

    internal static EraPaid Read(EventReader r) => new(r.U64("era"), r.U64("blocks"), r.I64("seconds"), r.U64("era_reward"), r.U64("paid"));
}

/// <summary>An era's end (payout and election) failed. The next era starts with the validator set as it is, no rewards are paid for
/// this one and none are earned in the next (it has no exposures); its end elects again.</summary>
public sealed record EraEndFailed(ulong Era, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.EraEndFailed;

    public void Write(EventWriter a) => a.Add("era", Era).Add("code", Code).Add("reason", Reason);

    internal static EraEndFailed Read(EventReader r) => new(r.U64("era"), r.Text("code"), r.Text("reason"));
}

/// <summary>Counting a block for its proposer failed (the block is not counted).</summary>
public sealed record PointsFailed(ulong Era, Address Validator, string Code) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.PointsFailed;

    public void Write(EventWriter a) => a.Add("era", Era).Add("validator", Validator).Add("code", Code);

    internal static PointsFailed Read(EventReader r) => new(r.U64("era"), r.Address("validator"), r.Text("code"));
}

/// <summary>Evidence of a validator's double vote was applied (kind <c>offence</c>); slashing follows.</summary>
public sealed record OffenceReported(Address Validator, ulong Height, int Round, VoteType Vote, ulong Era, Address Reporter) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Offence;

    public void Write(EventWriter a) => a.Add("validator", Validator).Add("height", Height).Add("round", Round).Add("vote", VoteName(Vote)).Add("era", Era)
        .Add("reporter", Reporter);

    internal static OffenceReported Read(EventReader r) => new(r.Address("validator"), r.U64("height"), r.I32("round"), r.Enum<VoteType>("vote", VoteName),
        r.U64("era"), r.Address("reporter"));

    private static string VoteName(VoteType type) => type == VoteType.Prevote ? "prevote" : "precommit";
}

/// <summary>A staker lost <paramref name="Amount"/> GRID for <paramref name="Offender"/>'s offence.</summary>
public sealed record Slashed(Address Offender, Address Staker, ulong Amount) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.Slashed;

    public void Write(EventWriter a) => a.Add("offender", Offender).Add("staker", Staker).Add("amount", Amount);

    internal static Slashed Read(EventReader r) => new(r.Address("offender"), r.Address("staker"), r.U64("amount"));
}

/// <summary>An account holds an access bond for a role (the bond now held).</summary>
public sealed record AccessBonded(Address Account, string Role, ulong Amount) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.AccessBonded;

    public void Write(EventWriter a) => a.Add("account", Account).Add("role", Role).Add("amount", Amount);

    internal static AccessBonded Read(EventReader r) => new(r.Address("account"), r.Text("role"), r.U64("amount"));
}

/// <summary>An access bond was released; it can be withdrawn from <paramref name="WithdrawableEra"/>.</summary>
public sealed record AccessReleased(Address Account, string Role, ulong Amount, ulong WithdrawableEra) : IModuleEvent
{
    string IModuleEvent.Module => StakingModule.ModuleName;
    string IModuleEvent.Kind => StakingEvents.AccessReleased;

    public void Write(EventWriter a) => a.Add("account", Account).Add("role", Role).Add("amount", Amount).Add("withdrawable_era", WithdrawableEra);

    internal static AccessReleased Read(EventReader r) => new(r.Address("account"), r.Text("role"), r.U64("amount"), r.U64("withdrawable_era"));
}
