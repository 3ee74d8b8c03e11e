using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Returns unbonding stake (µGRID, the latest chunks first) to the sender's active stake.</summary>
public sealed record RebondMessage(Amount Amount) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Amount.Micro);

    public static IMessage Decode(ref CanonicalReader reader) => new RebondMessage(new Amount(reader.U64("amount")));
}
