using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO adds a link between two zones or changes it: its base fee (µWATT/kWh) and its normal
/// capacity (Wh per slot) from <see cref="From"/> to <see cref="To"/> and back.</summary>
public sealed record SetLinkMessage(ZoneId From, ZoneId To, PricePerKwh BaseFee, Wh CapacityFromTo, Wh CapacityToFrom) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Grid;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) =>
        writer.String(From.Name).String(To.Name).I64(BaseFee.MicroPerKwh).I64(CapacityFromTo.Value).I64(CapacityToFrom.Value);

    public static IMessage Decode(ref CanonicalReader reader) => new SetLinkMessage(
        new ZoneId(reader.String(ZoneNames.MaxBytes, "from")), new ZoneId(reader.String(ZoneNames.MaxBytes, "to")),
        new PricePerKwh(reader.I64("base fee")), new Wh(reader.I64("capacity from-to")), new Wh(reader.I64("capacity to-from")));
}
