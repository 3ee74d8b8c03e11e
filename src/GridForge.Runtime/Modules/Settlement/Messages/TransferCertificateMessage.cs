using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Transfers <see cref="Wh"/> of a certificate's unretired energy to another account (a part becomes a new certificate).</summary>
public sealed record TransferCertificateMessage(ulong Certificate, Address To, Wh Wh) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Settlement;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Certificate).Address(To).I64(Wh.Value);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new TransferCertificateMessage(reader.U64("certificate"), reader.Address("to"), new Wh(reader.I64("wh")));
}
