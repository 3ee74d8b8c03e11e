using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>The redemption's issuer (the sender) records that it paid redemption <see cref="RedemptionId"/>
/// out in fiat, under the bank's reference <see cref="BankReference"/>.</summary>
public sealed record ConfirmPayoutMessage(ulong RedemptionId, string BankReference) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Stablecoin;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(RedemptionId).String(BankReference);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new ConfirmPayoutMessage(reader.U64("redemption id"), reader.String(References.MaxBytes, "bank reference"));
}
