using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Auth;

/// <summary>The auth module's read door: what the API, the dashboard, the CLI and the bridges may read of accounts' nonces, roles
/// and the validator set, as typed values. Never called by consensus code; nothing outside the module knows its key layout.</summary>
public static class AuthQueries
{
    /// <summary>The nonce an account's next transaction must carry.</summary>
    public static ulong NextNonce(IState state, Address account) => AuthModule.NextNonce(state, account);

    /// <summary>The validator set signing now.</summary>
    public static ValidatorSet Validators(IState state) => AuthModule.Validators(state);

    /// <summary>Who holds a genesis role (<c>dso</c>, <c>issuer</c>, …), or null.</summary>
    public static Address? RoleHolder(IState state, string role) => AuthModule.RoleHolder(state, role);
}
