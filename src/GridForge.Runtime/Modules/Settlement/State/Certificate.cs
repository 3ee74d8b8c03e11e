using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>A granular certificate of origin: delivered Wh of one slot from one solar or wind meter, owned by an account;
/// <see cref="Wh"/> is what can still be transferred or retired, <see cref="Retired"/> what was claimed.</summary>
public sealed record Certificate(ulong Id, SlotId Slot, ZoneId Zone, MeterTechnology Technology, MeterId Meter, Address Owner,
    long Wh, long Retired, uint Trade, ulong Origin)
{
    public byte[] Encode()
    {
        var w = new CanonicalWriter(128);
        w.I64(Slot.Index).String(Zone.Name).U8((byte)Technology).Hash(Meter.Key).Address(Owner).I64(Wh).I64(Retired).U32(Trade).U64(Origin);
        return w.ToArray();
    }

    public static Certificate Decode(ulong id, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var c = new Certificate(id, new SlotId(r.I64("slot")), new ZoneId(r.String(ZoneNames.MaxBytes, "zone")), (MeterTechnology)r.U8("technology"),
            new MeterId(r.Hash("meter")), r.Address("owner"), r.I64("wh"), r.I64("retired"), r.U32("trade"), r.U64("origin"));
        r.End("certificate");
        return r.Ok ? c : throw new InvalidOperationException($"corrupt certificate {id}: {r.Error}");
    }
}
