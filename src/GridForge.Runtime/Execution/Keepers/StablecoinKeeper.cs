using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the stablecoin offers the others: one implementation of every module's needs of the stablecoin, forwarding to
/// <see cref="StablecoinModule"/>.</summary>
internal sealed class StablecoinKeeper : GovernanceNeeds.IStablecoin
{
    public bool IsActiveIssuer(IState state, Address account) => StablecoinModule.IsActiveIssuer(state, account);

    public Rejection? AddIssuer(IState state, Address issuer, Address attestor) => StablecoinModule.AddIssuer(state, issuer, attestor);

    public Rejection? RemoveIssuer(IState state, Address issuer) => StablecoinModule.RemoveIssuer(state, issuer);
}
