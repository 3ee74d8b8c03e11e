using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The grid module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>GridModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class GridModule
{
    public static readonly ParamSpec SlotSeconds = new(ModuleName, "slot_seconds", 900, 60, 86_400,
        "length of a delivery slot in seconds, a divisor of a day; slot n covers [n × length, (n + 1) × length). Fixed at genesis: a change would renumber " +
        "every slot",
        FixedAtGenesis: true);
    public static readonly ParamSpec MaxFee = new(ModuleName, "max_fee", 10_000_000, 0, 1_000_000_000_000,
        "highest local or link base fee the DSO may set, in µWATT/kWh");
    public static readonly ParamSpec MaxCongestionPermille =
        new(ModuleName, "max_congestion_permille", 10_000, 0, 1_000_000, "highest congestion factor the DSO may set, in permille");
    public static readonly ParamSpec MaxLinkCapacity =
        new(ModuleName, "max_link_capacity_wh", 1_000_000_000_000, 0, 1_000_000_000_000_000, "highest normal capacity of a link direction, in Wh per slot");
    public static readonly ParamSpec CapacityRaisePermille = new(ModuleName, "capacity_raise_permille", 2_000, 1_000, 1_000_000,
        "an override may raise a link direction to at most this permille of its normal capacity (lowering is always allowed)");
    public static readonly ParamSpec OverrideHorizonSlots =
        new(ModuleName, "override_horizon_slots", 35_040, 1, 10_000_000, "how many slots ahead of the current one an override may reach");
    public static readonly ParamSpec MaxOverrides = new(ModuleName, "max_overrides", 256, 1, 4_096, "most override ranges one direction of a link may hold");

    public IReadOnlyList<ParamSpec> Params { get; } =
        [SlotSeconds, MaxFee, MaxCongestionPermille, MaxLinkCapacity, CapacityRaisePermille, OverrideHorizonSlots, MaxOverrides];
}
