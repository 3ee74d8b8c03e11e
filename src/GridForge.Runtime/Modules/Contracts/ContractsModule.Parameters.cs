using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>The contracts module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>ContractsModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class ContractsModule
{
    public static readonly ParamSpec LeadSeconds = new(ModuleName, "lead_s", 600, 0, 86_400,
        "how long before a slot's gate closure its contracts act, in seconds");
    public static readonly ParamSpec MaxSlots = new(ModuleName, "max_slots", 350_400, 1, 10_000_000, "longest contract, in slots");
    public static readonly ParamSpec MaxLive = new(ModuleName, "max_live", 10_000, 1, 10_000_000, "most contracts proposed or running at once");
    public static readonly ParamSpec MaxSweepOrders =
        new(ModuleName, "max_sweep_orders", 8, 1, 256, "most orders a selective residential rule places to buy in one slot");
    public static readonly ParamSpec MaxCongestionSlots =
        new(ModuleName, "max_congestion_slots", 672, 1, 100_000, "most slots one congestion declaration covers");
    public static readonly ParamSpec MaxBaselineDays = new(ModuleName, "max_baseline_days", 30, 1, 365, "most days a flexibility baseline may average");

    public IReadOnlyList<ParamSpec> Params { get; } = [LeadSeconds, MaxSlots, MaxLive, MaxSweepOrders, MaxCongestionSlots, MaxBaselineDays];
}
