using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>A holder (the sender) burns <see cref="Amount"/> µWATT and asks <see cref="Issuer"/> to pay the same
/// amount of fiat to <see cref="PayoutReference"/> (its bank account, as the issuer's bank knows it).</summary>
public sealed record RedeemMessage(Address Issuer, Amount Amount, string PayoutReference) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Stablecoin;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.Address(Issuer).U64(Amount.Micro).String(PayoutReference);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new RedeemMessage(reader.Address("issuer"), new Amount(reader.U64("amount")), reader.String(References.MaxBytes, "payout reference"));
}
