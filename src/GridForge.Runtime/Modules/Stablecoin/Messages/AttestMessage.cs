using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>Records a reserve attestation of <see cref="Issuer"/>: reserves in µ-units of fiat as of a Unix time,
/// signed by the issuer's registered attestor (see <see cref="ReserveAttestation"/>). Anyone may submit it:
/// the attestor's signature, not the sender, proves it.</summary>
public sealed record AttestMessage(Address Issuer, Amount Reserves, long AsOf, byte[] Signature) : IMessage
{
    public const ushort TypeId = 4;

    public byte Module => ModuleIds.Stablecoin;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.Address(Issuer).U64(Reserves.Micro).I64(AsOf).Raw(Signature);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new AttestMessage(reader.Address("issuer"), new Amount(reader.U64("reserves")), reader.I64("as of"),
            reader.Raw(Ed25519.SignatureSize, "attestor signature").ToArray());
}
