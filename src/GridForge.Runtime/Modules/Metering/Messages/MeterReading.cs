using System.Buffers.Binary;
using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>A meter's signed reading of one delivery slot: energy imported and exported in the slot (Wh) and the
/// cumulative import and export registers at the slot's end (Wh), signed by the meter's own key.</summary>
/// <remarks>Wire form, 136 bytes: meter key (32), i64 slot, i64 imported, i64 exported, i64 import register,
/// i64 export register, signature (64). The signature covers SHA-256("gridforge meter reading v1" 0x00 ‖
/// string chain id ‖ the 72 bytes before the signature): a reading cannot be moved to another chain, meter or slot.</remarks>
public sealed record MeterReading(MeterId Meter, SlotId Slot, Wh Imported, Wh Exported, Wh ImportRegister, Wh ExportRegister, ReadOnlyMemory<byte> Signature)
{
    public const string SigningDomain = "gridforge meter reading v1";
    public const int FieldsSize = MeterId.Size + (5 * 8);
    public const int EncodedSize = FieldsSize + Ed25519.SignatureSize;

    /// <summary>The 32-byte hash the meter signs for chain <paramref name="chainId"/>.</summary>
    public Hash32 SigningHash(string chainId)
    {
        // string chain id (u32 length + UTF-8) then the fields; chain ids are at most 64 bytes.
        Span<byte> body = stackalloc byte[4 + Transaction.MaxChainIdBytes + FieldsSize];
        var idLength = System.Text.Encoding.UTF8.GetByteCount(chainId);
        if (idLength > Transaction.MaxChainIdBytes) throw new ArgumentException($"a chain id is at most {Transaction.MaxChainIdBytes} bytes", nameof(chainId));
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)idLength);
        System.Text.Encoding.UTF8.GetBytes(chainId, body[4..]);
        WriteFields(body[(4 + idLength)..]);
        return Hashing.Domain(SigningDomain, body[..(4 + idLength + FieldsSize)]);
    }

    private void WriteFields(Span<byte> s)
    {
        Meter.CopyTo(s);
        BinaryPrimitives.WriteInt64LittleEndian(s[32..], Slot.Index);
        BinaryPrimitives.WriteInt64LittleEndian(s[40..], Imported.Value);
        BinaryPrimitives.WriteInt64LittleEndian(s[48..], Exported.Value);
        BinaryPrimitives.WriteInt64LittleEndian(s[56..], ImportRegister.Value);
        BinaryPrimitives.WriteInt64LittleEndian(s[64..], ExportRegister.Value);
    }

    /// <summary>True when the meter's key signed exactly this reading for chain <paramref name="chainId"/>.</summary>
    public bool Verify(string chainId)
    {
        Span<byte> hash = stackalloc byte[Hash32.Size];
        SigningHash(chainId).CopyTo(hash);
        Span<byte> key = stackalloc byte[MeterId.Size];
        Meter.CopyTo(key);
        return Ed25519.Verify(key, hash, Signature.Span);
    }

    public void Encode(CanonicalWriter writer)
    {
        Span<byte> fields = stackalloc byte[FieldsSize];
        WriteFields(fields);
        writer.Raw(fields).Raw(Signature.Span);
    }

    public byte[] ToBytes()
    {
        var w = new CanonicalWriter(EncodedSize);
        Encode(w);
        return w.ToArray();
    }

    public static MeterReading Decode(ref CanonicalReader reader)
    {
        var meter = new MeterId(reader.Hash("meter"));
        var slot = reader.I64("slot");
        var imported = reader.I64("imported");
        var exported = reader.I64("exported");
        var importRegister = reader.I64("import register");
        var exportRegister = reader.I64("export register");
        var signature = reader.Raw(Ed25519.SignatureSize, "signature").ToArray();
        return new MeterReading(meter, new SlotId(slot), new Wh(imported), new Wh(exported), new Wh(importRegister), new Wh(exportRegister), signature);
    }

    /// <summary>Decodes one reading's 136 bytes, or returns null with the reason.</summary>
    public static MeterReading? FromBytes(ReadOnlySpan<byte> bytes, out string? error)
    {
        var r = new CanonicalReader(bytes);
        var reading = Decode(ref r);
        r.End("reading");
        error = r.Error;
        return r.Ok ? reading : null;
    }
}
