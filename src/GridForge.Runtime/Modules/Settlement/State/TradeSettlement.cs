using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>How one trade settled against the meters: Wh delivered, µWATT the buyer paid (negative: received), the seller
/// received (negative: paid), the DSO received, escrow released to each side, and the seller's imbalance penalty — owed
/// exactly (<see cref="Penalty"/>, 128-bit: a penalty is never cut short by arithmetic), paid now, and added to its debt
/// (<see cref="DebtAdded"/>; a debt saturates at 2^64 − 1 µWATT, see <see cref="Debts"/>). A <see cref="Voided"/> trade could not be
/// settled (the runtime failed on it): both escrows went back to their owners and nothing else moved.</summary>
public sealed record TradeSettlement(SlotId Slot, uint Trade, Address Buyer, Address Seller, long Delivered, long BuyerPaid, long SellerReceived,
    ulong DsoReceived, ulong BuyerReleased, ulong SellerReleased, UInt128 Penalty, ulong PenaltyPaid, ulong DebtAdded, long CertifiedWh, bool Voided = false)
{
    public byte[] Encode()
    {
        var w = new CanonicalWriter(176);
        w.Address(Buyer).Address(Seller).I64(Delivered).I64(BuyerPaid).I64(SellerReceived).U64(DsoReceived).U64(BuyerReleased).U64(SellerReleased)
            .U128(Penalty).U64(PenaltyPaid).U64(DebtAdded).I64(CertifiedWh).Bool(Voided);
        return w.ToArray();
    }

    public static TradeSettlement Decode(SlotId slot, uint trade, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var s = new TradeSettlement(slot, trade, r.Address("buyer"), r.Address("seller"), r.I64("delivered"), r.I64("buyer paid"), r.I64("seller received"),
            r.U64("dso"), r.U64("buyer released"), r.U64("seller released"), r.U128("penalty"), r.U64("penalty paid"), r.U64("debt"), r.I64("certified"),
            r.Bool("voided"));
        r.End("trade settlement");
        return r.Ok ? s : throw new InvalidOperationException($"corrupt settlement: {r.Error}");
    }
}
