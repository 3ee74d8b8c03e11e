using System.Security.Cryptography;
using GridForge.Core.Primitives;

namespace GridForge.Core.Crypto;

/// <summary>SHA-256 with domain separation: every hash in GridForge names what it hashes.</summary>
public static class Hashing
{
    public static Hash32 Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash32.Size];
        if (NativeSha256.Available) NativeSha256.Hash(-1, data, digest);
        else SHA256.HashData(data, digest);
        return new Hash32(digest);
    }

    /// <summary>SHA-256 of a one-byte domain tag followed by the data.</summary>
    public static Hash32 Tagged(byte tag, ReadOnlySpan<byte> data)
    {
        if (NativeSha256.Available)
        {
            Span<byte> native = stackalloc byte[Hash32.Size];
            NativeSha256.Hash(tag, data, native);
            return new Hash32(native);
        }

        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> t = [tag];
        hasher.AppendData(t);
        hasher.AppendData(data);
        Span<byte> digest = stackalloc byte[Hash32.Size];
        hasher.GetHashAndReset(digest);
        return new Hash32(digest);
    }

    /// <summary>SHA-256 of an ASCII domain string, a zero byte, then the data.</summary>
    public static Hash32 Domain(string domain, ReadOnlySpan<byte> data)
    {
        var length = domain.Length + 1 + data.Length;
        var rented = length <= 512 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        Span<byte> buffer = rented ?? stackalloc byte[512];
        for (var i = 0; i < domain.Length; i++)
        {
            buffer[i] = (byte)domain[i];
        }

        buffer[domain.Length] = 0;
        data.CopyTo(buffer[(domain.Length + 1)..]);
        var hash = Sha256(buffer[..length]);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    /// <summary>Hash of two child hashes under a one-byte tag: the node of every Merkle structure here.</summary>
    public static Hash32 Node(byte tag, in Hash32 left, in Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Hash32.Size)];
        buffer[0] = tag;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Hash32.Size)..]);
        return Sha256(buffer);
    }
}
