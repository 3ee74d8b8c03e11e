using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Market;

/// <summary>Amends a resting order (Market rule 8): a new price and/or a new remaining quantity.</summary>
/// <remarks>Payload: u64 order, bool has price, i64 price, bool has quantity, i64 quantity.</remarks>
public sealed record AmendOrderMessage(ulong Order, PricePerKwh? Price, Wh? Quantity) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Market;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) =>
        writer.U64(Order).Bool(Price.HasValue).I64(Price?.MicroPerKwh ?? 0).Bool(Quantity.HasValue).I64(Quantity?.Value ?? 0);

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var order = reader.U64("order");
        var hasPrice = reader.Bool("has price");
        var price = reader.I64("price");
        var hasQuantity = reader.Bool("has quantity");
        var quantity = reader.I64("quantity");
        return new AmendOrderMessage(order, hasPrice ? new PricePerKwh(price) : null, hasQuantity ? new Wh(quantity) : null);
    }
}
