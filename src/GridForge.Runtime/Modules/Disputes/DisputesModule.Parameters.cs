using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The disputes module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>DisputesModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class DisputesModule
{
    public static readonly ParamSpec MinBond = new(ModuleName, "min_bond", 10_000_000, 1, 1_000_000_000_000_000,
        "smallest bond an opener reserves, in µ-units of its token (GRID or WATT)");
    public static readonly ParamSpec OpenWindowSeconds =
        new(ModuleName, "open_window_s", 604_800, 0, 31_536_000, "how long after a trade's slot settled a dispute on it may be opened, in seconds");
    public static readonly ParamSpec RulingWindowSeconds =
        new(ModuleName, "ruling_window_s", 259_200, 60, 31_536_000, "how long the arbitrator has to rule, from the opening, in seconds");
    public static readonly ParamSpec DefaultRule = new(ModuleName, "default_rule", 0, 0, 1,
        "an undecided dispute at its deadline: 0 upholds (hold released, bond returned), 1 corrects by the whole hold");
    public static readonly ParamSpec MaxResolutionsPerBlock =
        new(ModuleName, "max_resolutions_per_block", 32, 1, 10_000, "most disputes one block's end resolves by default (the rest wait for the next block)");

    public IReadOnlyList<ParamSpec> Params { get; } = [MinBond, OpenWindowSeconds, RulingWindowSeconds, DefaultRule, MaxResolutionsPerBlock];
}
