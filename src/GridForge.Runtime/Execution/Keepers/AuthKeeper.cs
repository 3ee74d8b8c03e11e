using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the auth module offers the others (roles, the validator set): one implementation of every module's needs of
/// auth, forwarding to <see cref="AuthModule"/>.</summary>
internal sealed class AuthKeeper : SettlementNeeds.IAuth
{
    public Address? RoleHolder(IState state, string role) => AuthModule.RoleHolder(state, role);
}
