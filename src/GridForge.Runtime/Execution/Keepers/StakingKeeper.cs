using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What staking offers the others: one implementation of every module's needs of staking, forwarding to
/// <paramref name="staking"/> (the module wired into the same host).</summary>
internal sealed class StakingKeeper(StakingModule staking) : DisputesNeeds.IStaking, GovernanceNeeds.IStaking
{
    public ulong ActiveBond(IState state, Address account) => StakingModule.ActiveBond(state, account);

    public ulong TotalActive(IState state) => StakingState.TotalActive(state);

    public bool HasAccess(IState state, Address account, string role) => StakingModule.HasAccess(state, account, role);

    public void ForfeitReserved(IState state, Address account, ulong amount) => staking.ForfeitReserved(state, account, amount);
}
