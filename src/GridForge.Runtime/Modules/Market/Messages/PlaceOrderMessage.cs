using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Market;

/// <summary>Places an order in one delivery slot's book: side, kind (gtc, ioc, fok or market), zone, price
/// (µWATT/kWh, all-in for a buy; a market order's protection price) and quantity (Wh).</summary>
/// <remarks>Payload: i64 slot, u8 side (0 buy, 1 sell), u8 kind (0 gtc, 1 ioc, 2 fok, 3 market), string zone, i64 price, i64 quantity.</remarks>
public sealed record PlaceOrderMessage(SlotId Slot, Side Side, OrderKind Kind, ZoneId Zone, PricePerKwh Price, Wh Quantity) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Market;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) =>
        writer.I64(Slot.Index).U8((byte)Side).U8((byte)Kind).String(Zone.Name).I64(Price.MicroPerKwh).I64(Quantity.Value);

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var slot = reader.I64("slot");
        var side = reader.U8("side");
        var kind = reader.U8("kind");
        var zone = reader.String(ZoneNames.MaxBytes, "zone");
        var price = reader.I64("price");
        var quantity = reader.I64("quantity");
        if (reader.Ok && side > (byte)Side.Sell) reader.Fail($"unknown side {side}");
        if (reader.Ok && kind > (byte)OrderKind.Market) reader.Fail($"unknown order kind {kind}");
        return new PlaceOrderMessage(new SlotId(slot), (Side)side, (OrderKind)kind, new ZoneId(zone), new PricePerKwh(price), new Wh(quantity));
    }
}
