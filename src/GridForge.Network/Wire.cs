using GridForge.Chain.Blocks;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;
using Google.Protobuf;

namespace GridForge.Network;

/// <summary>Between the wire's messages and the chain's types. Decoding never throws: a message that does not decode is
/// garbage, and the caller gets null with the reason.</summary>
public static class Wire
{
    /// <summary>Wraps bytes the caller will not change again (no copy).</summary>
    public static ByteString Bytes(byte[] bytes) => UnsafeByteOperations.UnsafeWrap(bytes);

    public static Protocol.Block ToWire(Chain.Blocks.Block block) => new() { Header = Bytes(block.Header.Encode()), Body = Bytes(block.EncodeBody()) };

    public static Protocol.Block ToWire(byte[] header, byte[] body) => new() { Header = Bytes(header), Body = Bytes(body) };

    public static Chain.Blocks.Block? FromWire(Protocol.Block? block, MessageRegistry registry, out string? error)
    {
        error = null;
        if (block is null)
        {
            error = "no block";
            return null;
        }

        try
        {
            return Chain.Blocks.Block.Decode(block.Header.ToByteArray(), block.Body.ToByteArray(), registry);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or OverflowException or InvalidOperationException)
        {
            error = $"undecodable block: {e.Message}";
            return null;
        }
    }

    public static Commit? CommitFromWire(ByteString bytes, out string? error)
    {
        var r = new CanonicalReader(bytes.Span);
        var commit = Commit.Decode(ref r);
        r.End("commit");
        error = r.Ok ? null : $"undecodable commit: {r.Error}";
        return r.Ok ? commit : null;
    }

    /// <summary>32 bytes as a hash, or null.</summary>
    public static Hash32? HashOf(ByteString bytes) => bytes.Length == Hash32.Size ? new Hash32(bytes.Span) : null;
}
