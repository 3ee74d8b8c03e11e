using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>The redemption's issuer (the sender) records that it paid redemption <see cref="RedemptionId"/> out in fiat, under
/// the bank's reference <see cref="BankReference"/>: <see cref="Amount"/> µ to <see cref="PayoutReference"/>. The chain accepts it
/// only for the redemption those details describe, so a payout made for one redemption can never confirm another.</summary>
public sealed record ConfirmPayoutMessage(ulong RedemptionId, string BankReference, Amount Amount, string PayoutReference) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Stablecoin;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(RedemptionId).String(BankReference).U64(Amount.Micro).String(PayoutReference);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new ConfirmPayoutMessage(reader.U64("redemption id"), reader.String(References.MaxBytes, "bank reference"), new Amount(reader.U64("amount")),
            reader.String(References.MaxBytes, "payout reference"));
}
