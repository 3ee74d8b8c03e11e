using System.Text;
using System.Text.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Mqtt;

/// <summary>A signed reading as a meter sends it: the one JSON line <c>gridforge meter sign</c> prints, or the reading's 136
/// canonical bytes (docs/meters-mqtt.md). A payload of exactly 136 bytes is the binary form (a JSON line is always longer).</summary>
public static class ReadingPayload
{
    /// <summary>The largest payload read at all: a JSON line is about 420 bytes.</summary>
    public const int MaxBytes = 1_024;

    private static readonly JsonEncodedText ChainIdKey = JsonEncodedText.Encode("chain_id");

    /// <summary>The JSON line:
    /// <c>{"chain_id":…,"meter":"meter1…","slot":…,"imported":…,"exported":…,"import_register":…,"export_register":…,"signature":"hex"}</c>.</summary>
    public static string Format(string chainId, MeterReading r)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString(ChainIdKey, chainId);
            w.WriteString("meter", r.Meter.ToString());
            w.WriteNumber("slot", r.Slot.Index);
            w.WriteNumber("imported", r.Imported.Value);
            w.WriteNumber("exported", r.Exported.Value);
            w.WriteNumber("import_register", r.ImportRegister.Value);
            w.WriteNumber("export_register", r.ExportRegister.Value);
            w.WriteString("signature", Convert.ToHexStringLower(r.Signature.Span));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a payload in either form; on failure returns null and says why (it never throws). <paramref name="chainId"/> is the chain
    /// the line names (null when it names none, and always for the binary form).</summary>
    public static MeterReading? TryParse(ReadOnlySpan<byte> payload, out string? chainId, out string? error) =>
        TryParse(payload, out chainId, out _, out error);

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte}, out string?, out string?, out string?)"/>, also giving the meter id as the JSON line spells it
    /// (null for the binary form), so a caller can compare it with a topic without encoding the id again.</summary>
    public static MeterReading? TryParse(ReadOnlySpan<byte> payload, out string? chainId, out string? meterText, out string? error)
    {
        chainId = null;
        meterText = null;
        if (payload.Length > MaxBytes)
        {
            error = $"a reading is at most {MaxBytes} bytes, this payload {payload.Length}";
            return null;
        }

        if (payload.Length == MeterReading.EncodedSize) return MeterReading.FromBytes(payload, out error);
        try
        {
            return ParseJson(payload, out chainId, out meterText, out error);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = $"not a reading JSON line: {e.Message}";
            return null;
        }
    }

    private static MeterReading? ParseJson(ReadOnlySpan<byte> payload, out string? chainId, out string? meter, out string? error)
    {
        chainId = null;
        meter = null;
        if (payload.IsEmpty)
        {
            error = "a reading is one JSON object; the payload is empty";
            return null;
        }

        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 2, AllowMultipleValues = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "a reading is one JSON object";
            return null;
        }

        string? signature = null;
        Span<long> numbers = stackalloc long[5];
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            if (field < 0)
            {
                error = $"unknown field '{reader.GetString()}'";
                return null;
            }

            if ((seen & (1 << field)) != 0)
            {
                error = $"field '{reader.GetString()}' appears twice";
                return null;
            }

            seen |= 1 << field;
            if (!reader.Read())
            {
                error = "the JSON ends early";
                return null;
            }

            if (field < 3)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = $"{Fields[field]} is a string";
                    return null;
                }

                var text = reader.GetString();
                if (field == 0) chainId = text;
                else if (field == 1) meter = text;
                else signature = text;
            }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out numbers[field - 3]))
            {
                error = $"{Fields[field]} is a whole number of at most 19 digits";
                return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            error = "a reading is one flat JSON object";
            return null;
        }

        // One line: nothing but white space may follow the object.
        if (reader.Read())
        {
            error = "a payload holds one reading";
            return null;
        }

        for (var f = 1; f < Fields.Length; f++)
        {
            if ((seen & (1 << f)) == 0)
            {
                error = $"field '{Fields[f]}' is missing";
                return null;
            }
        }

        if (!MeterId.TryParse(meter, out var id, out error)) return null;
        if (signature!.Length != 2 * Ed25519.SignatureSize || !IsHex(signature))
        {
            error = $"signature is {Ed25519.SignatureSize} bytes in hex";
            return null;
        }

        if (chainId is not null && Encoding.UTF8.GetByteCount(chainId) is 0 or > Transaction.MaxChainIdBytes)
        {
            error = $"chain_id is 1 to {Transaction.MaxChainIdBytes} bytes";
            return null;
        }

        error = null;
        return new MeterReading(id, new SlotId(numbers[0]), new Wh(numbers[1]), new Wh(numbers[2]), new Wh(numbers[3]), new Wh(numbers[4]),
            Convert.FromHexString(signature));
    }

    // Index = bit in the seen mask; 0–2 strings, 3–7 the numbers in MeterReading's order.
    private static readonly string[] Fields = ["chain_id", "meter", "signature", "slot", "imported", "exported", "import_register", "export_register"];

    private static int FieldOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Fields.Length; i++)
        {
            if (reader.ValueTextEquals(Fields[i])) return i;
        }

        return -1;
    }

    private static bool IsHex(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }

        return true;
    }
}
