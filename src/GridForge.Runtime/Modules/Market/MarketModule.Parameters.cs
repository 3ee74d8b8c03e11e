using GridForge.Matching;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Market;

/// <summary>The market module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>MarketModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class MarketModule
{
    public static readonly ParamSpec HorizonSeconds =
        new(ModuleName, "horizon_s", 86_400, 60, 31_536_000, "how long before its start a slot's book opens, in seconds");
    public static readonly ParamSpec GateClosureSeconds =
        new(ModuleName, "gate_closure_s", 300, 0, 86_400, "how long before its start a slot's book closes, in seconds");
    public static readonly ParamSpec PriceLimit = new(ModuleName, "price_limit", 9_999_990, 1, 1_000_000_000_000,
        "largest absolute order price, in µWATT/kWh (frozen per slot when its book opens)");
    public static readonly ParamSpec MaxOrderWh = new(ModuleName, "max_order_wh", 1_000_000_000, 1, MatchingEngine.MaxQuantity,
        "largest order quantity, in Wh");

    public IReadOnlyList<ParamSpec> Params { get; } = [HorizonSeconds, GateClosureSeconds, PriceLimit, MaxOrderWh];
}
