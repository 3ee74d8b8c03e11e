using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>What governance needs from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the
/// module host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may
/// wire a double. Parameter changes and grid changes reach the target module through the <see cref="ModuleHost"/> (by its
/// name or id), as every module's messages do. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record GovernanceNeeds(GovernanceNeeds.ITokens Tokens, GovernanceNeeds.IGrid Grid, GovernanceNeeds.IStaking Staking,
    GovernanceNeeds.IStablecoin Stablecoin, GovernanceNeeds.IDisputes Disputes)
{
    /// <summary>A proposal's deposit in GRID: reserved when proposed, released when it reaches quorum.</summary>
    public interface ITokens
    {
        Rejection? Reserve(IState state, Address account, Token token, ulong amount);

        void Unreserve(IState state, Address account, Token token, ulong amount);
    }

    /// <summary>The DSO (who co-signs grid changes) and the name of its role.</summary>
    public interface IGrid
    {
        string DsoRole { get; }

        Address? Dso(IState state);
    }

    /// <summary>Bonds weigh votes (against the total active bond); an issuer needs its access bond; a deposit without quorum is
    /// forfeited (burned from reserve).</summary>
    public interface IStaking
    {
        ulong ActiveBond(IState state, Address account);

        ulong TotalActive(IState state);

        bool HasAccess(IState state, Address account, string role);

        void ForfeitReserved(IState state, Address account, ulong amount);
    }

    /// <summary>The WATT issuers governance admits and removes.</summary>
    public interface IStablecoin
    {
        bool IsActiveIssuer(IState state, Address account);

        Rejection? AddIssuer(IState state, Address issuer, Address attestor);

        Rejection? RemoveIssuer(IState state, Address issuer);
    }

    /// <summary>The arbitrators' council governance elects.</summary>
    public interface IDisputes
    {
        Rejection? SetCouncil(TxContext context, DisputeCouncil council);
    }
}
