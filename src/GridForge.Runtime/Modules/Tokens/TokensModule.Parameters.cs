using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Tokens;

/// <summary>The tokens module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>TokensModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class TokensModule
{
    public static readonly ParamSpec MinFee = new(ModuleName, "min_fee", 100, 0, 1_000_000_000, "smallest transaction fee, in µWATT");

    public IReadOnlyList<ParamSpec> Params { get; } = [MinFee];
}
