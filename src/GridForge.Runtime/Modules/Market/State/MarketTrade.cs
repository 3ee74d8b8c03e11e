using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Runtime.Modules.Market;

/// <summary>A trade of one slot, in trade order: the two orders and accounts, zones, price and fee (Market rule 3),
/// what the buyer pays and the seller receives per kWh, and the escrow each side holds for it until settlement. A
/// contract's pre-arranged trade has no orders (0) and names its contract.</summary>
public sealed record MarketTrade(
    SlotId Slot, uint Seq, ulong BuyOrder, ulong SellOrder, Address Buyer, Address Seller,
    ZoneId BuyZone, ZoneId SellZone, long Price, long Fee, long Quantity,
    long BuyerPrice, long SellerPrice, ulong BuyerEscrow, ulong SellerEscrow, long Time, ulong Contract = 0)
{
    public byte[] Encode()
    {
        var w = new CanonicalWriter(200);
        w.U64(BuyOrder).U64(SellOrder).Address(Buyer).Address(Seller).String(BuyZone.Name).String(SellZone.Name).I64(Price).I64(Fee)
            .I64(Quantity).I64(BuyerPrice).I64(SellerPrice).U64(BuyerEscrow).U64(SellerEscrow).I64(Time).U64(Contract);
        return w.ToArray();
    }

    public static MarketTrade Decode(SlotId slot, uint seq, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var t = new MarketTrade(slot, seq, r.U64("buy"), r.U64("sell"), r.Address("buyer"), r.Address("seller"),
            new ZoneId(r.String(ZoneNames.MaxBytes, "buy zone")), new ZoneId(r.String(ZoneNames.MaxBytes, "sell zone")),
            r.I64("price"), r.I64("fee"), r.I64("quantity"), r.I64("buyer price"), r.I64("seller price"), r.U64("buyer escrow"), r.U64("seller escrow"),
                r.I64("time"), r.U64("contract"));
        r.End("market trade");
        return r.Ok ? t : throw new InvalidOperationException($"corrupt market trade: {r.Error}");
    }
}
