using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Platform-access bonds: roles that act for others reserve the GRID governance sets for them.</summary>
public sealed partial class StakingModule
{
    private static Rejection UnknownRole(string role) =>
        new(StakingCodes.UnknownRole, $"'{role}' is not a role that needs an access bond ({string.Join(", ", AccessRoles.All)})");

    private Rejection? PostAccessBond(TxContext context, string role)
    {
        var state = context.State;
        var account = context.Sender;
        if (AccessRoles.BondParam(role) is not { } spec) return UnknownRole(role);
        var required = (ulong)spec.Get(state);
        var existing = StakingState.Access(state, role, account);
        if (existing is { UnlockEra: null } && existing.Amount >= required)
        {
            return new Rejection(StakingCodes.AccessBondExists,
                $"{account} already holds a {role} bond of {new Amount(existing.Amount)} GRID (required: {new Amount(required)})");
        }

        var held = existing?.Amount ?? 0;
        var topUp = required > held ? required - held : 0;
        if (topUp > 0 && _needs.Tokens.Reserve(state, account, Token.Grid, topUp) is { } refused) return refused;
        StakingState.SetAccess(state, role, account, new AccessBond(Math.Max(held, required), null));
        context.Emit(new AccessBonded(account, role, Math.Max(held, required)));
        return null;
    }

    private Rejection? ReleaseAccessBond(TxContext context, string role)
    {
        var state = context.State;
        var account = context.Sender;
        if (AccessRoles.BondParam(role) is null) return UnknownRole(role);
        if (StakingState.Access(state, role, account) is not { UnlockEra: null } bond)
        {
            return new Rejection(StakingCodes.NoAccessBond, $"{account} holds no {role} bond in force");
        }

        var era = checked(StakingState.Era(state).Index + (ulong)UnbondingEras.Get(state));
        StakingState.SetAccess(state, role, account, bond with { UnlockEra = era });
        context.Emit(new AccessReleased(account, role, bond.Amount, era));
        return null;
    }
}
