using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>The metering module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>MeteringModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class MeteringModule
{
    public static readonly ParamSpec AcceptanceWindowSeconds = new(ModuleName, "acceptance_window_s", 21_600, 60, 2_592_000,
        "how long after its slot ends a reading is accepted, in seconds; settlement of a slot waits for its window to close. Fixed at genesis: "
        + "a longer window would accept readings of slots already settled, a shorter one would settle slots before the readings meters were promised time for",
        FixedAtGenesis: true);
    public static readonly ParamSpec MaxRatedPowerW =
        new(ModuleName, "max_rated_power_w", 100_000_000, 1, 10_000_000_000, "highest rated power a meter may be registered with, in W");

    public IReadOnlyList<ParamSpec> Params { get; } = [AcceptanceWindowSeconds, MaxRatedPowerW];
}
