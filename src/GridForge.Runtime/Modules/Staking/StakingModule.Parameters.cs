using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The staking module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>StakingModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class StakingModule
{
    public static readonly ParamSpec EraBlocks = new(ModuleName, "era_blocks", 3_600, 1, 100_000_000,
        "length of an era in blocks; a new validator set is elected and rewards are paid at its end");
    public static readonly ParamSpec ValidatorCount = new(ModuleName, "validator_count", 16, 1, 1_000, "seats in the active validator set");
    public static readonly ParamSpec MinValidators = new(ModuleName, "min_validators", 1, 1, 1_000, "an election electing fewer keeps the current set");
    public static readonly ParamSpec UnbondingEras = new(ModuleName, "unbonding_eras", 24, 0, 10_000,
        "eras unbonded stake and released access bonds stay reserved (and slashable)");
    public static readonly ParamSpec MaxNominations = new(ModuleName, "max_nominations", 16, 1, 16, "most validators one nominator backs");
    public static readonly ParamSpec MinNominatorBond =
        new(ModuleName, "min_nominator_bond", 1_000_000, 0, 1_000_000_000_000_000_000, "smallest active bond that may nominate, in µGRID");
    public static readonly ParamSpec MinValidatorBond =
        new(ModuleName, "min_validator_bond", 100_000_000, 0, 1_000_000_000_000_000_000, "smallest active bond that may validate, in µGRID");
    public static readonly ParamSpec InflationBps = new(ModuleName, "inflation_bps", 800, 0, 10_000,
        "yearly staking reward as basis points of the GRID supply (800 = 8%)");
    public static readonly ParamSpec SlashPpm = new(ModuleName, "slash_ppm", 100_000, 0, 1_000_000,
        "share of an equivocating validator's and its nominators' exposed stake that is burned, in parts per million");
    public static readonly ParamSpec MaxUnlockingChunks = new(ModuleName, "max_unlocking_chunks", 32, 1, 1_024, "most unbonding chunks one account may have");
    public static readonly ParamSpec BalanceIterations = new(ModuleName, "balance_iterations", 10, 0, 100, "balancing rounds after sequential Phragmén");

    // The platform-access bonds of the roles that act for others (AccessRoles).
    public static readonly ParamSpec TraderBond = new(ModuleName, "access_bond_trader", 1_000_000_000, 0, 1_000_000_000_000_000_000,
        "GRID bond a commercial trader posts, in µGRID");
    public static readonly ParamSpec IssuerBond = new(ModuleName, "access_bond_issuer", 10_000_000_000, 0, 1_000_000_000_000_000_000,
        "GRID bond a WATT issuer posts, in µGRID");
    public static readonly ParamSpec ArbitratorBond =
        new(ModuleName, "access_bond_arbitrator", 5_000_000_000, 0, 1_000_000_000_000_000_000, "GRID bond an arbitrator posts, in µGRID");
    public static readonly ParamSpec GatewayBond = new(ModuleName, "access_bond_gateway", 100_000_000, 0, 1_000_000_000_000_000_000,
        "GRID bond a meter gateway operator posts, in µGRID");

    public IReadOnlyList<ParamSpec> Params { get; } =
    [
        EraBlocks, ValidatorCount, MinValidators, UnbondingEras, MaxNominations, MinNominatorBond, MinValidatorBond, InflationBps, SlashPpm,
        MaxUnlockingChunks, BalanceIterations, TraderBond, IssuerBond, ArbitratorBond, GatewayBond,
    ];
}
