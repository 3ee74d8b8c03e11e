using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Bonds (or adds to the bond of) the sender's free GRID, in µGRID: it is reserved and becomes active stake.</summary>
public sealed record BondMessage(Amount Amount) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Amount.Micro);

    public static IMessage Decode(ref CanonicalReader reader) => new BondMessage(new Amount(reader.U64("amount")));
}
