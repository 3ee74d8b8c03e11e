using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Tests.TestKit;

/// <summary>Builds signed transfers field by field, including the malformed variants the decoder must
/// refuse (another version, message type, token byte, payload or trailing bytes).</summary>
public sealed class TransactionBuilder
{
    public const ulong DefaultFee = 1_000;

    private static readonly MessageRegistry Registry = ChainRuntime.StandardModules().Registry;

    private string _chainId = TestKeys.DevChain;
    private SigningKey? _from;
    private Address? _sender;
    private Address _to = TestKeys.Bob.Address;
    private byte _token = (byte)Token.Watt;
    private ulong _amount = 1;
    private ulong _nonce;
    private ulong _fee = DefaultFee;
    private ulong _expiry = ulong.MaxValue;
    private byte _version = Transaction.Version;
    private byte _module = ModuleIds.Tokens;
    private ushort _type = TransferMessage.TypeId;
    private byte[]? _payload;
    private byte[] _payloadTail = [];
    private byte[] _tail = [];

    /// <summary>The sender, who also signs unless <see cref="SignedBy"/> names another key.</summary>
    public TransactionBuilder From(SigningKey sender)
    {
        _from = sender;
        _sender = sender.Address;
        return this;
    }

    public TransactionBuilder To(Address recipient)
    {
        _to = recipient;
        return this;
    }

    public TransactionBuilder To(SigningKey recipient) => To(recipient.Address);

    /// <summary>The amount in µ-units.</summary>
    public TransactionBuilder Amount(ulong micro)
    {
        _amount = micro;
        return this;
    }

    public TransactionBuilder Of(Token token) => OfTokenByte((byte)token);

    public TransactionBuilder OfTokenByte(byte token)
    {
        _token = token;
        return this;
    }

    public TransactionBuilder WithNonce(ulong nonce)
    {
        _nonce = nonce;
        return this;
    }

    public TransactionBuilder WithFee(ulong fee)
    {
        _fee = fee;
        return this;
    }

    public TransactionBuilder ExpiringAt(ulong height)
    {
        _expiry = height;
        return this;
    }

    public TransactionBuilder OnChain(string chainId)
    {
        _chainId = chainId;
        return this;
    }

    public TransactionBuilder WithVersion(byte version)
    {
        _version = version;
        return this;
    }

    public TransactionBuilder WithMessageType(byte module, ushort type)
    {
        _module = module;
        _type = type;
        return this;
    }

    /// <summary>Replaces the transfer's payload with these bytes.</summary>
    public TransactionBuilder WithPayload(byte[] payload)
    {
        _payload = payload;
        return this;
    }

    /// <summary>Appends bytes inside the payload, after the transfer's fields.</summary>
    public TransactionBuilder WithPayloadTrailingBytes(params byte[] bytes)
    {
        _payloadTail = bytes;
        return this;
    }

    /// <summary>Appends bytes after the signature.</summary>
    public TransactionBuilder WithTrailingBytes(params byte[] bytes)
    {
        _tail = bytes;
        return this;
    }

    /// <summary>The wire bytes, signed by the sender.</summary>
    public byte[] Encoded() => EncodedBy(_from ?? throw new InvalidOperationException("From(...) names no sender"));

    /// <summary>The wire bytes, signed by <paramref name="signer"/> (the sender, unless From named another).</summary>
    public byte[] EncodedBy(SigningKey signer)
    {
        var payload = new CanonicalWriter();
        if (_payload is null) payload.Address(_to).U8(_token).U64(_amount);
        else payload.Raw(_payload);
        payload.Raw(_payloadTail);

        var body = new CanonicalWriter(256)
            .U8(_version).String(_chainId).Address(_sender ?? signer.Address).U64(_nonce).U64(_fee).U64(_expiry)
            .U8(_module).U16(_type).Bytes(payload.WrittenSpan)
            .ToArray();
        var signature = signer.Sign(Transaction.SigningHash(body).ToArray());
        return [.. body, .. signature, .. _tail];
    }

    public Transaction Signed() => SignedBy(_from ?? throw new InvalidOperationException("From(...) names no sender"));

    /// <summary>The decoded transaction; the builder's variant must be one the decoder accepts.</summary>
    public Transaction SignedBy(SigningKey signer)
    {
        var bytes = EncodedBy(signer);
        return Transaction.Decode(bytes, Registry, int.MaxValue, out var rejection)
            ?? throw new InvalidOperationException($"the built transaction does not decode: {rejection}");
    }
}
