using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Retires (claims) <see cref="Wh"/> of a certificate for its owner; retired Wh can never be transferred or claimed again.</summary>
public sealed record RetireCertificateMessage(ulong Certificate, Wh Wh) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Settlement;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Certificate).I64(Wh.Value);

    public static IMessage Decode(ref CanonicalReader reader) => new RetireCertificateMessage(reader.U64("certificate"), new Wh(reader.I64("wh")));
}
