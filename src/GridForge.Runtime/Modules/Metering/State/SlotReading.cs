using System.Buffers.Binary;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>An accepted reading as the state keeps it per (meter, slot): energy in the slot and the registers at its end.</summary>
public readonly record struct SlotReading(Wh Imported, Wh Exported, Wh ImportRegister, Wh ExportRegister)
{
    public byte[] Encode()
    {
        var b = new byte[32];
        BinaryPrimitives.WriteInt64LittleEndian(b, Imported.Value);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), Exported.Value);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), ImportRegister.Value);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), ExportRegister.Value);
        return b;
    }

    public static SlotReading Decode(ReadOnlySpan<byte> raw) => new(
        new Wh(BinaryPrimitives.ReadInt64LittleEndian(raw)), new Wh(BinaryPrimitives.ReadInt64LittleEndian(raw[8..])),
        new Wh(BinaryPrimitives.ReadInt64LittleEndian(raw[16..])), new Wh(BinaryPrimitives.ReadInt64LittleEndian(raw[24..])));
}
