using System.Buffers.Binary;
using GridForge.Core.Primitives;

namespace GridForge.Core.Encoding;

/// <summary>Reads the canonical encoding without throwing: the first failure is kept in
/// <see cref="Error"/> and every later read returns a default value.</summary>
public ref struct CanonicalReader
{
    /// <summary>UTF-8 that throws on invalid bytes (one instance: a string field is read for every transaction).</summary>
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CanonicalReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        Error = null;
    }

    /// <summary>The first decoding failure, or null while everything read so far was well formed.</summary>
    public string? Error { get; private set; }

    public readonly bool Ok => Error is null;

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public void Fail(string error) => Error ??= error;

    private ReadOnlySpan<byte> Take(int size, string what)
    {
        if (Error is not null)
        {
            return default;
        }

        if (size < 0 || size > _data.Length - _position)
        {
            Fail($"truncated: {what} needs {size} bytes at offset {_position}, {_data.Length - _position} left");
            return default;
        }

        var span = _data.Slice(_position, size);
        _position += size;
        return span;
    }

    public byte U8(string what = "u8")
    {
        var s = Take(1, what);
        return s.IsEmpty ? (byte)0 : s[0];
    }

    public bool Bool(string what = "bool")
    {
        var b = U8(what);
        if (b > 1) Fail($"{what}: a boolean is 0 or 1, got {b}");
        return b == 1;
    }

    public ushort U16(string what = "u16")
    {
        var s = Take(2, what);
        return s.IsEmpty ? (ushort)0 : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    public uint U32(string what = "u32")
    {
        var s = Take(4, what);
        return s.IsEmpty ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    public ulong U64(string what = "u64")
    {
        var s = Take(8, what);
        return s.IsEmpty ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(s);
    }

    public long I64(string what = "i64")
    {
        var s = Take(8, what);
        return s.IsEmpty ? 0 : BinaryPrimitives.ReadInt64LittleEndian(s);
    }

    public Int128 I128(string what = "i128")
    {
        var s = Take(16, what);
        return s.IsEmpty ? 0 : BinaryPrimitives.ReadInt128LittleEndian(s);
    }

    public UInt128 U128(string what = "u128")
    {
        var s = Take(16, what);
        return s.IsEmpty ? 0 : BinaryPrimitives.ReadUInt128LittleEndian(s);
    }

    public ReadOnlySpan<byte> Raw(int size, string what) => Take(size, what);

    /// <summary>A length-prefixed byte string no longer than <paramref name="maxLength"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int maxLength, string what = "bytes")
    {
        // The "… length" name is built only when the read fails: this runs for every string and payload decoded.
        if (Error is null && _data.Length - _position < 4)
        {
            Fail($"truncated: {what} length needs 4 bytes at offset {_position}, {_data.Length - _position} left");
        }

        var length = U32(what);
        if (Error is not null) return default;
        if (length > (uint)maxLength)
        {
            Fail($"{what}: length {length} exceeds the limit of {maxLength}");
            return default;
        }

        return Take((int)length, what);
    }

    public string String(int maxBytes, string what = "string")
    {
        var bytes = Bytes(maxBytes, what);
        if (Error is not null) return string.Empty;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            Fail($"{what}: not valid UTF-8");
            return string.Empty;
        }
    }

    public Hash32 Hash(string what = "hash")
    {
        var s = Take(Hash32.Size, what);
        return s.IsEmpty ? default : new Hash32(s);
    }

    public Address Address(string what = "address") => new(Hash(what));

    /// <summary>Fails unless every byte was consumed: trailing bytes would make encodings ambiguous.</summary>
    public void End(string what = "message")
    {
        if (Error is null && _position != _data.Length)
        {
            Fail($"{what}: {_data.Length - _position} unexpected trailing bytes");
        }
    }
}
