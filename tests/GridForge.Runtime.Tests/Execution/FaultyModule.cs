using GridForge.Core.Encoding;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>A module that fails on purpose, to check what the runtime makes of it: its message writes a key and then throws
/// the exception its payload names; while <see cref="ThrowAtEndKey"/> is set, its end-of-block hook counts the block in
/// <see cref="BlocksKey"/> and then throws the exception it names (none for <see cref="CountOnly"/>).</summary>
internal sealed class FaultyModule : IModule
{
    public const byte ModuleId = 250;

    public static readonly StateKey WrittenKey = StateKey.Of("faulty/written");
    public static readonly StateKey ThrowAtEndKey = StateKey.Of("faulty/throw_at_end");
    public static readonly StateKey BlocksKey = StateKey.Of("faulty/blocks");

    public byte Id => ModuleId;

    public string Name => "faulty";

    public IReadOnlyList<ParamSpec> Params { get; } = [];

    public void RegisterMessages(MessageRegistry registry) =>
        registry.Register(ModuleId, FailMessage.TypeId, "faulty.fail", (ref CanonicalReader r) => new FailMessage(r.U8("failure")));

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
    }

    public Rejection? Execute(TxContext context, IMessage message)
    {
        context.State.Set(WrittenKey, [1]);
        throw Failure(((FailMessage)message).Failure);
    }

    /// <summary>The value of <see cref="ThrowAtEndKey"/> that counts blocks without throwing.</summary>
    public const byte CountOnly = 255;

    public void EndBlock(TxContext context)
    {
        var state = context.State;
        if (state.Get(ThrowAtEndKey) is not [var failure]) return;
        state.Set(BlocksKey, [(byte)((state.Get(BlocksKey)?[0] ?? 0) + 1)]);
        if (failure != CountOnly) throw Failure(failure);
    }

    public static Exception Failure(byte kind) => kind switch
    {
        0 => new OverflowException(),
        1 => new InvalidOperationException("a bug"),
        2 => new KeyNotFoundException(),
        3 => new IndexOutOfRangeException(),
        4 => new NullReferenceException(),
        5 => new DivideByZeroException(),
        _ => new FormatException(),
    };

    /// <summary>Asks the module to throw exception <see cref="Failure"/> (see <see cref="FaultyModule.Failure(byte)"/>).</summary>
    public sealed record FailMessage(byte Failure) : IMessage
    {
        public const ushort TypeId = 1;

        public byte Module => ModuleId;

        public ushort Type => TypeId;

        public void Encode(CanonicalWriter writer) => writer.U8(Failure);
    }
}
