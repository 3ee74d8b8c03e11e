using GridForge.Runtime.Genesis;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Execution;

/// <summary>A runtime module: owns its messages, its slice of state, its parameters and its events.</summary>
public interface IModule
{
    /// <summary>Wire id of the module (see <see cref="ModuleIds"/>).</summary>
    byte Id { get; }

    /// <summary>Short lower-case name: the state prefix and the parameter namespace.</summary>
    string Name { get; }

    IReadOnlyList<ParamSpec> Params { get; }

    /// <summary>Adds this module's message decoders to the registry.</summary>
    void RegisterMessages(MessageRegistry registry);

    /// <summary>Writes this module's part of the genesis state.</summary>
    void InitGenesis(TxContext context, GenesisDocument genesis);

    /// <summary>Executes one of this module's messages; null on success, otherwise why it was refused.</summary>
    Rejection? Execute(TxContext context, IMessage message);

    /// <summary>Runs after the block's transactions (settlement, expiry, eras); must be deterministic.</summary>
    void EndBlock(TxContext context);
}
