using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Auth;

/// <summary>The auth module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>AuthModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class AuthModule
{
    public static readonly ParamSpec MaxTxBytes = new(ModuleName, "max_tx_bytes", 65_536, 1_024, 1_048_576, "largest accepted transaction, in bytes");
    public static readonly ParamSpec MaxBlockTxs = new(ModuleName, "max_block_txs", 50_000, 1, 1_000_000, "most transactions in one block");
    public static readonly ParamSpec BlockIntervalMs = new(ModuleName, "block_interval_ms", 1_000, 100, 60_000, "target time between blocks");
    public static readonly ParamSpec MaxBlockBytes = new(ModuleName, "max_block_bytes", 8 * 1024 * 1024, 64 * 1024, 16 * 1024 * 1024,
        "most bytes of transactions in one block (a proposal must cross the network)");

    public IReadOnlyList<ParamSpec> Params { get; } = [MaxTxBytes, MaxBlockTxs, BlockIntervalMs, MaxBlockBytes];
}
