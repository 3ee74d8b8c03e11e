using System.Buffers.Binary;
using GridForge.Core.Primitives;

namespace GridForge.Core.Encoding;

/// <summary>Writes GridForge's canonical binary encoding: fixed-width little-endian integers,
/// u32-length-prefixed byte strings, one-byte booleans; every value has exactly one encoding.</summary>
public sealed class CanonicalWriter
{
    private byte[] _buffer;
    private int _length;

    public CanonicalWriter(int capacity = 256) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>The written bytes in place (no copy): valid until the writer is written to or reset again.</summary>
    public ArraySegment<byte> WrittenSegment => new(_buffer, 0, _length);

    /// <summary>Makes room for <paramref name="capacity"/> bytes in all, so that writing that much allocates nothing.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity > _buffer.Length) Array.Resize(ref _buffer, capacity);
    }

    public void Reset() => _length = 0;

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
        }

        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }

    public CanonicalWriter U8(byte value)
    {
        Reserve(1)[0] = value;
        return this;
    }

    public CanonicalWriter Bool(bool value) => U8(value ? (byte)1 : (byte)0);

    public CanonicalWriter U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
        return this;
    }

    public CanonicalWriter U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
        return this;
    }

    public CanonicalWriter U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);
        return this;
    }

    public CanonicalWriter I64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        return this;
    }

    /// <summary>A 128-bit integer, little-endian (amounts computed exactly before they are bounded).</summary>
    public CanonicalWriter I128(Int128 value)
    {
        BinaryPrimitives.WriteInt128LittleEndian(Reserve(16), value);
        return this;
    }

    public CanonicalWriter U128(UInt128 value)
    {
        BinaryPrimitives.WriteUInt128LittleEndian(Reserve(16), value);
        return this;
    }

    public CanonicalWriter Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        return this;
    }

    public CanonicalWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        U32((uint)bytes.Length);
        return Raw(bytes);
    }

    /// <summary>UTF-8 text, length-prefixed.</summary>
    public CanonicalWriter String(string value)
    {
        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        U32((uint)count);
        System.Text.Encoding.UTF8.GetBytes(value, Reserve(count));
        return this;
    }

    public CanonicalWriter Hash(in Hash32 hash)
    {
        hash.CopyTo(Reserve(Hash32.Size));
        return this;
    }

    public CanonicalWriter Address(in Address address) => Hash(address.Key);
}
