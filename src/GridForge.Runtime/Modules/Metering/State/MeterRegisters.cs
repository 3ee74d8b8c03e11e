using System.Buffers.Binary;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>Where a meter's cumulative registers stood after its latest accepted reading (or at registration,
/// when <see cref="LastSlot"/> is null): the next reading is checked against them.</summary>
public readonly record struct MeterRegisters(SlotId? LastSlot, Wh Import, Wh Export)
{
    public byte[] Encode()
    {
        var b = new byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(b, LastSlot?.Index ?? -1);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), Import.Value);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), Export.Value);
        return b;
    }

    public static MeterRegisters Decode(ReadOnlySpan<byte> raw)
    {
        var last = BinaryPrimitives.ReadInt64LittleEndian(raw);
        return new MeterRegisters(last < 0 ? null : new SlotId(last),
            new Wh(BinaryPrimitives.ReadInt64LittleEndian(raw[8..])), new Wh(BinaryPrimitives.ReadInt64LittleEndian(raw[16..])));
    }
}
