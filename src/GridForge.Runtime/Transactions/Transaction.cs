using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Transactions;

/// <summary>A signed transaction (DESIGN §4): chain id, sender, nonce, fee in µWATT, expiry height and one message.</summary>
/// <remarks>Wire form: u8 version, string chain id, sender, u64 nonce, u64 fee, u64 expiry, u8 module,
/// u16 type, length-prefixed payload, 64-byte signature over SHA-256("gridforge tx v1" 0x00 body).</remarks>
public sealed class Transaction
{
    public const byte Version = 1;
    public const int MaxChainIdBytes = 64;
    public const string SigningDomain = "gridforge tx v1";
    public const string IdDomain = "gridforge txid";

    public required string ChainId { get; init; }
    public required Address Sender { get; init; }
    public required ulong Nonce { get; init; }
    public required ulong Fee { get; init; }
    public required ulong ExpiryHeight { get; init; }
    public required IMessage Message { get; init; }
    public byte[] Signature { get; init; } = new byte[Ed25519.SignatureSize];

    /// <summary>The exact bytes this transaction arrived as (or was encoded to); its id hashes them.</summary>
    public byte[] Encoded { get; private init; } = [];

    public Hash32 Id { get; private init; }

    /// <summary>Set once the node has checked the signature, so block execution need not check it again.</summary>
    public bool SignatureChecked { get; set; }

    public static byte[] EncodeBody(string chainId, Address sender, ulong nonce, ulong fee, ulong expiry, IMessage message)
    {
        var payload = new CanonicalWriter();
        message.Encode(payload);
        var w = new CanonicalWriter(128 + payload.Length);
        w.U8(Version).String(chainId).Address(sender).U64(nonce).U64(fee).U64(expiry)
            .U8(message.Module).U16(message.Type).Bytes(payload.WrittenSpan);
        return w.ToArray();
    }

    public static Hash32 SigningHash(ReadOnlySpan<byte> body) => Hashing.Domain(SigningDomain, body);

    /// <summary>The id of the transaction whose exact encoding is <paramref name="encoded"/> (signature included), known
    /// without decoding it: what duplicate suppression compares before any other work.</summary>
    public static Hash32 IdOf(ReadOnlySpan<byte> encoded) => Hashing.Domain(IdDomain, encoded);

    /// <summary>Builds and signs a transaction with the sender's key.</summary>
    public static Transaction Sign(SigningKey key, string chainId, ulong nonce, ulong fee, ulong expiry, IMessage message)
    {
        var body = EncodeBody(chainId, key.Address, nonce, fee, expiry, message);
        var signature = key.Sign(SigningHash(body).ToArray());
        return Assemble(chainId, key.Address, nonce, fee, expiry, message, body, signature, signatureChecked: false);
    }

    /// <summary>Builds a transaction that carries no signature (64 zero bytes) and is marked as checked, for in-process callers
    /// whose every actor is simulated and who vouch for the sender themselves (<c>gridforge simulate</c>). It runs through the
    /// runtime exactly as a signed one; only the signature check is skipped. Nothing decoded from bytes is ever marked so: a node
    /// that received this transaction's encoding would refuse it (<c>bad_signature</c>).</summary>
    public static Transaction Unsigned(string chainId, Address sender, ulong nonce, ulong fee, ulong expiry, IMessage message) =>
        Assemble(chainId, sender, nonce, fee, expiry, message, EncodeBody(chainId, sender, nonce, fee, expiry, message), new byte[Ed25519.SignatureSize],
            signatureChecked: true);

    private static Transaction Assemble(string chainId, Address sender, ulong nonce, ulong fee, ulong expiry, IMessage message, byte[] body, byte[] signature,
        bool signatureChecked)
    {
        var encoded = new byte[body.Length + signature.Length];
        body.CopyTo(encoded, 0);
        signature.CopyTo(encoded, body.Length);
        return new Transaction
        {
            ChainId = chainId,
            Sender = sender,
            Nonce = nonce,
            Fee = fee,
            ExpiryHeight = expiry,
            Message = message,
            Signature = signature,
            Encoded = encoded,
            Id = IdOf(encoded),
            SignatureChecked = signatureChecked,
        };
    }

    /// <summary>Decodes wire bytes; never throws on bad input, returning null with a rejection instead.</summary>
    public static Transaction? Decode(ReadOnlySpan<byte> bytes, MessageRegistry registry, int maxBytes, out Rejection? rejection) =>
        Decode(bytes, null, registry, maxBytes, out rejection);

    /// <summary>Decodes wire bytes the caller hands over: the transaction keeps <paramref name="bytes"/> as its encoding (no
    /// copy), so the caller must not change the array afterwards.</summary>
    public static Transaction? DecodeOwned(byte[] bytes, MessageRegistry registry, int maxBytes, out Rejection? rejection) =>
        Decode(bytes, bytes, registry, maxBytes, out rejection);

    /// <summary>The chain id last decoded, so that transactions of one chain share one string.</summary>
    private static ChainIdText? _lastChainId;

    private sealed record ChainIdText(byte[] Utf8, string Text);

    private static Transaction? Decode(ReadOnlySpan<byte> bytes, byte[]? owned, MessageRegistry registry, int maxBytes, out Rejection? rejection)
    {
        if (bytes.Length > maxBytes)
        {
            rejection = new Rejection(RejectionCodes.Oversized, $"the transaction is {bytes.Length} bytes; the limit is {maxBytes}");
            return null;
        }

        var r = new CanonicalReader(bytes);
        var version = r.U8("version");
        if (r.Ok && version != Version)
        {
            rejection = new Rejection(RejectionCodes.UnsupportedVersion, $"transaction version {version} is not supported (expected {Version})");
            return null;
        }

        var chainId = ReadChainId(ref r);
        var sender = r.Address("sender");
        var nonce = r.U64("nonce");
        var fee = r.U64("fee");
        var expiry = r.U64("expiry");
        var module = r.U8("module");
        var type = r.U16("message type");
        var payload = r.Bytes(maxBytes, "payload");
        var signature = r.Raw(Ed25519.SignatureSize, "signature");
        r.End("transaction");
        if (!r.Ok)
        {
            rejection = new Rejection(RejectionCodes.Malformed, $"malformed transaction: {r.Error}");
            return null;
        }

        var message = registry.Decode(module, type, payload, out rejection);
        if (message is null)
        {
            return null;
        }

        var encoded = owned ?? bytes.ToArray();
        rejection = null;
        return new Transaction
        {
            ChainId = chainId,
            Sender = sender,
            Nonce = nonce,
            Fee = fee,
            ExpiryHeight = expiry,
            Message = message,
            Signature = signature.ToArray(),
            Encoded = encoded,
            Id = IdOf(encoded),
        };
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, true);

    private static string ReadChainId(ref CanonicalReader r)
    {
        var raw = r.Bytes(MaxChainIdBytes, "chain id");
        if (!r.Ok) return string.Empty;
        if (_lastChainId is { } last && raw.SequenceEqual(last.Utf8)) return last.Text;
        string text;
        try
        {
            text = StrictUtf8.GetString(raw);
        }
        catch (System.Text.DecoderFallbackException)
        {
            r.Fail("chain id: not valid UTF-8");
            return string.Empty;
        }

        _lastChainId = new ChainIdText(raw.ToArray(), text);
        return text;
    }

    /// <summary>Checks the sender's signature over the domain-separated hash of the body.</summary>
    public bool VerifySignature()
    {
        var body = Encoded.AsSpan(0, Encoded.Length - Ed25519.SignatureSize);
        Span<byte> hash = stackalloc byte[Hash32.Size];
        SigningHash(body).CopyTo(hash);
        Span<byte> pk = stackalloc byte[Address.Size];
        Sender.CopyTo(pk);
        return Ed25519.Verify(pk, hash, Signature);
    }
}
