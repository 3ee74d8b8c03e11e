using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Staking's read door: what the API, the dashboard and the CLI may read of staking's state (the era and what it would
/// pay, bonds, validators and nominations, exposures, access bonds, GRID issuance, the next election), as typed values. Never
/// called by consensus code; nothing outside the module knows its key layout.</summary>
public static class StakingQueries
{
    /// <summary>The current era.</summary>
    public static EraInfo Era(IState state) => StakingState.Era(state);

    /// <summary>What <paramref name="era"/> would pay if it ended at <paramref name="endHeight"/> and <paramref name="endTime"/>
    /// (the pending rewards).</summary>
    public static EraPayout PendingPayout(IState state, EraInfo era, ulong endHeight, long endTime) =>
        StakingRewards.Compute(state, TokensQueries.Supply(state, Token.Grid), era, endHeight, endTime);

    /// <summary>What a payout gives an account (commission and its share as validator or nominator).</summary>
    public static ulong RewardOf(EraPayout payout, Address account) => StakingRewards.For(payout, account);

    /// <summary>The total active bond.</summary>
    public static ulong TotalActive(IState state) => StakingState.TotalActive(state);

    /// <summary>An account's bond: active, and the chunks unlocking.</summary>
    public static StakingLedger Ledger(IState state, Address account) => StakingState.Ledger(state, account);

    /// <summary>An account's active bond.</summary>
    public static ulong ActiveBond(IState state, Address account) => StakingModule.ActiveBond(state, account);

    /// <summary>An account's intent to validate (its commission), or null.</summary>
    public static ValidatorPrefs? Validator(IState state, Address account) => StakingState.Validator(state, account);

    /// <summary>The validators an account nominates, or null when it does not nominate.</summary>
    public static IReadOnlyList<Address>? Nominations(IState state, Address account) => StakingState.Nominations(state, account);

    /// <summary>Every account that declared intent to validate, in address order.</summary>
    public static IReadOnlyList<Address> Candidates(IState state) => StakingState.ValidatorCandidates(state);

    /// <summary>What backed a validator in a kept era, or null.</summary>
    public static Exposure? Exposure(IState state, ulong era, Address validator) => StakingState.ExposureOf(state, era, validator);

    /// <summary>Blocks a validator proposed in an era.</summary>
    public static ulong Points(IState state, ulong era, Address validator) => StakingState.Points(state, era, validator);

    /// <summary>Whether a validator was slashed in an era.</summary>
    public static bool SlashedIn(IState state, ulong era, Address validator) => StakingState.SlashedIn(state, era, validator);

    /// <summary>The height of an account's latest offence, or null.</summary>
    public static ulong? LastOffence(IState state, Address account) => StakingState.LastOffence(state, account);

    /// <summary>The roles an account holds an access bond for, in order.</summary>
    public static IReadOnlyList<string> AccessRolesOf(IState state, Address account) => StakingState.AccessRolesOf(state, account);

    /// <summary>An account's access bond for a role, or null.</summary>
    public static AccessBond? Access(IState state, string role, Address account) => StakingState.Access(state, role, account);

    /// <summary>Whether an account's access bond for a role is enough to act in it now.</summary>
    public static bool HasAccess(IState state, Address account, string role) => StakingModule.HasAccess(state, account, role);

    /// <summary>GRID's account since genesis: rewards, slashes, forfeits.</summary>
    public static GridIssuance Issuance(IState state) => StakingState.Issuance(state);

    /// <summary>The set the era's end would elect if it came now, in election order.</summary>
    public static IReadOnlyList<ElectedValidator> NextElection(IState state) => StakingElection.Run(state);
}
