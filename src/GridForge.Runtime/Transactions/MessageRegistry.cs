using GridForge.Core.Encoding;

namespace GridForge.Runtime.Transactions;

/// <summary>Decodes a message payload of one (module, type) pair; reports failures on the reader.</summary>
public delegate IMessage MessageDecoder(ref CanonicalReader reader);

/// <summary>Knows every message type of every module, so a transaction decodes to a typed message or to a rejection.</summary>
public sealed class MessageRegistry
{
    private readonly Dictionary<(byte, ushort), (string Name, MessageDecoder Decode)> _decoders = [];

    public void Register(byte module, ushort type, string name, MessageDecoder decoder)
    {
        if (!_decoders.TryAdd((module, type), (name, decoder)))
        {
            throw new InvalidOperationException($"message {module}/{type} registered twice");
        }
    }

    public bool Knows(byte module, ushort type) => _decoders.ContainsKey((module, type));

    public string NameOf(byte module, ushort type) =>
        _decoders.TryGetValue((module, type), out var d) ? d.Name : $"{module}/{type}";

    /// <summary>Decodes a payload; null with a rejection when the type is unknown or the payload malformed.</summary>
    public IMessage? Decode(byte module, ushort type, ReadOnlySpan<byte> payload, out Rejection? rejection)
    {
        if (!_decoders.TryGetValue((module, type), out var entry))
        {
            rejection = new Rejection(RejectionCodes.UnknownMessage, $"no module message {module}/{type} exists");
            return null;
        }

        var reader = new CanonicalReader(payload);
        var message = entry.Decode(ref reader);
        reader.End(entry.Name);
        if (!reader.Ok)
        {
            rejection = new Rejection(RejectionCodes.Malformed, $"{entry.Name}: {reader.Error}");
            return null;
        }

        rejection = null;
        return message;
    }
}
