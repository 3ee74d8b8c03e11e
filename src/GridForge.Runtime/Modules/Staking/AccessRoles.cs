using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The roles that act for others and so need a platform-access bond (residential prosumers need none), each
/// with its governance parameter giving the bond in µGRID.</summary>
public static class AccessRoles
{
    public const string Trader = "trader";
    public const string Issuer = "issuer";
    public const string Arbitrator = "arbitrator";
    public const string Gateway = "gateway";

    public static readonly ParamSpec TraderBond = new(StakingModule.ModuleName, "access_bond_trader", 1_000_000_000, 0, 1_000_000_000_000_000_000,
        "GRID bond a commercial trader posts, in µGRID");
    public static readonly ParamSpec IssuerBond = new(StakingModule.ModuleName, "access_bond_issuer", 10_000_000_000, 0, 1_000_000_000_000_000_000,
        "GRID bond a WATT issuer posts, in µGRID");
    public static readonly ParamSpec ArbitratorBond =
        new(StakingModule.ModuleName, "access_bond_arbitrator", 5_000_000_000, 0, 1_000_000_000_000_000_000, "GRID bond an arbitrator posts, in µGRID");
    public static readonly ParamSpec GatewayBond = new(StakingModule.ModuleName, "access_bond_gateway", 100_000_000, 0, 1_000_000_000_000_000_000,
        "GRID bond a meter gateway operator posts, in µGRID");

    public static IReadOnlyList<string> All { get; } = [Arbitrator, Gateway, Issuer, Trader];

    /// <summary>The parameter holding the bond of <paramref name="role"/>, or null for a role that needs none.</summary>
    public static ParamSpec? BondParam(string role) => role switch
    {
        Trader => TraderBond,
        Issuer => IssuerBond,
        Arbitrator => ArbitratorBond,
        Gateway => GatewayBond,
        _ => null,
    };
}
