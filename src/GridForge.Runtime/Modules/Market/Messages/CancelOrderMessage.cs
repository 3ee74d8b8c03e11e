using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Market;

/// <summary>Cancels a resting order of the sender; its escrow is released.</summary>
public sealed record CancelOrderMessage(ulong Order) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Market;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Order);

    public static IMessage Decode(ref CanonicalReader reader) => new CancelOrderMessage(reader.U64("order"));
}
