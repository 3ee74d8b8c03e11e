using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The roles that act for others and so need a platform-access bond (residential prosumers need none), each
/// with its governance parameter giving the bond in µGRID (<see cref="BondParam"/>, declared with staking's parameters).</summary>
public static class AccessRoles
{
    public const string Trader = "trader";
    public const string Issuer = "issuer";
    public const string Arbitrator = "arbitrator";
    public const string Gateway = "gateway";

    public static IReadOnlyList<string> All { get; } = [Arbitrator, Gateway, Issuer, Trader];

    /// <summary>The parameter holding the bond of <paramref name="role"/>, or null for a role that needs none.</summary>
    public static ParamSpec? BondParam(string role) => role switch
    {
        Trader => StakingModule.TraderBond,
        Issuer => StakingModule.IssuerBond,
        Arbitrator => StakingModule.ArbitratorBond,
        Gateway => StakingModule.GatewayBond,
        _ => null,
    };
}
