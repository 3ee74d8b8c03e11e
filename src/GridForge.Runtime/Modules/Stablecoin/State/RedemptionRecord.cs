using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>A redemption: the holder burned <see cref="Amount"/> µWATT and the issuer owes it that much fiat,
/// paid to <see cref="PayoutReference"/>, until the issuer records the payout's <see cref="BankReference"/>.</summary>
public sealed record RedemptionRecord(
    ulong Id,
    Address Holder,
    Address Issuer,
    ulong Amount,
    string PayoutReference,
    ulong RequestedHeight,
    long RequestedTime,
    RedemptionStatus Status,
    string BankReference,
    ulong PaidHeight,
    long PaidTime)
{
    public byte[] Encode() => new CanonicalWriter(192)
        .U64(Id).Address(Holder).Address(Issuer).U64(Amount).String(PayoutReference).U64(RequestedHeight).I64(RequestedTime)
        .U8((byte)Status).String(BankReference).U64(PaidHeight).I64(PaidTime)
        .ToArray();

    public static RedemptionRecord Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var record = new RedemptionRecord(
            r.U64(), r.Address(), r.Address(), r.U64(), r.String(References.MaxBytes), r.U64(), r.I64(),
            (RedemptionStatus)r.U8(), r.String(References.MaxBytes), r.U64(), r.I64());
        r.End("redemption record");
        return r.Ok ? record : throw new InvalidOperationException($"corrupt redemption record: {r.Error}");
    }
}
