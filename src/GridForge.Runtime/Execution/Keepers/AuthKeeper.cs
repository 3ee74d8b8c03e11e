using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the auth module offers the others (roles, the validator set): one implementation of every module's needs of
/// auth, forwarding to <see cref="AuthModule"/>.</summary>
internal sealed class AuthKeeper : GridNeeds.IAuth, SettlementNeeds.IAuth, StablecoinNeeds.IAuth, StakingNeeds.IAuth
{
    public bool HasRole(IState state, string role, Address account) => AuthModule.HasRole(state, role, account);

    public Address? RoleHolder(IState state, string role) => AuthModule.RoleHolder(state, role);

    public ValidatorSet Validators(IState state) => AuthModule.Validators(state);

    public ValidatorSet LatestValidators(IState state) => AuthModule.LatestValidators(state);

    public void ScheduleValidators(IState state, ValidatorSet validators) => AuthModule.ScheduleValidators(state, validators);
}
