using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>What the stablecoin needs from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the
/// module host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may
/// wire a double. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record StablecoinNeeds(StablecoinNeeds.ITokens Tokens, StablecoinNeeds.IAuth Auth)
{
    /// <summary>Mint WATT against reserves, burn what is redeemed, read a holder's free WATT and the supply.</summary>
    public interface ITokens
    {
        ulong Supply(IState state, Token token);

        Balance GetBalance(IState state, Address account, Token token);

        void Mint(IState state, Address to, Token token, ulong amount);

        Rejection? Burn(IState state, Address from, Token token, ulong amount);
    }

    /// <summary>Who holds a role (a genesis without a stablecoin section makes the <c>issuer</c> role's holder the issuer).</summary>
    public interface IAuth
    {
        Address? RoleHolder(IState state, string role);
    }
}
