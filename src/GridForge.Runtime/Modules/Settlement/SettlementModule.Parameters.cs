using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>The settlement module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>SettlementModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class SettlementModule
{
    public static readonly ParamSpec ImbalancePenalty =
        new(ModuleName, "imbalance_penalty", 100_000, 0, 1_000_000_000_000, "what a seller pays per kWh it sold but did not deliver, in µWATT");
    public static readonly ParamSpec MaxSlotsPerBlock =
        new(ModuleName, "max_slots_per_block", 8, 1, 10_000, "most slots one block's end settles (the rest wait for the next block)");

    public IReadOnlyList<ParamSpec> Params { get; } = [ImbalancePenalty, MaxSlotsPerBlock];
}
