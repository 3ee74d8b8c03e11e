using System.Buffers.Binary;

namespace GridForge.Runtime.Modules.Tokens;

/// <summary>An account's holding of one token: free to spend, and reserved (escrowed) by a module.</summary>
public readonly record struct Balance(ulong Free, ulong Reserved)
{
    public ulong Total => checked(Free + Reserved);

    public byte[] Encode()
    {
        var b = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(b, Free);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), Reserved);
        return b;
    }

    public static Balance Decode(byte[]? raw) => raw is null
        ? default
        : new Balance(BinaryPrimitives.ReadUInt64LittleEndian(raw), BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(8)));
}
