using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Mqtt;

/// <summary>The payload the gateway publishes on a meter's outcomes topic once its reading is judged (docs/meters-mqtt.md):
/// <c>{"meter":…,"slot":…,"status":"accepted","height":H,"tx":"…"}</c>, or <c>"status":"refused"</c> with the stable
/// <c>code</c> and a <c>reason</c>. <c>tx</c> is absent when the gateway judged the reading from the chain's state without a
/// transaction (a reading of a slot the chain already holds).</summary>
public static class ReadingOutcomeMessage
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";

    /// <summary>The longest accepted outcome written without <see cref="Utf8JsonWriter"/>: a meter id of up to 100 characters, two
    /// 20-digit numbers, a 64-digit transaction id and the fixed text.</summary>
    private const int PlainMax = 320;

    private const int PlainMeterMax = 100;

    public static byte[] Format(string meter, SlotId slot, ReadingOutcome outcome, ulong height, Hash32? tx) =>
        outcome.Accepted && TryFormatAccepted(meter, slot, height, tx, out var plain) ? plain : FormatWithWriter(meter, slot, outcome, height, tx);

    /// <summary>The accepted outcome of a meter whose id is letters and digits (every id the CLI prints: nothing to escape),
    /// written straight into its one array, byte for byte as <see cref="FormatWithWriter"/> writes it: one is published per
    /// reading, and the writer's objects and intermediate strings were a measurable share of the gateway's allocations.</summary>
    private static bool TryFormatAccepted(string meter, SlotId slot, ulong height, Hash32? tx, out byte[] message)
    {
        message = [];
        if (meter.Length > PlainMeterMax || slot.Index < 0) return false;
        Span<byte> b = stackalloc byte[PlainMax];
        var n = Append(b, 0, "{\"meter\":\""u8);
        foreach (var c in meter)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') b[n++] = (byte)c;
            else if (c is >= 'A' and <= 'Z') b[n++] = (byte)(c + ('a' - 'A'));
            else return false;
        }

        n = Append(b, n, "\",\"slot\":"u8);
        slot.Index.TryFormat(b[n..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        n += written;
        n = Append(b, n, ",\"status\":\"accepted\",\"height\":"u8);
        height.TryFormat(b[n..], out written, default, System.Globalization.CultureInfo.InvariantCulture);
        n += written;
        if (tx is { } id)
        {
            n = Append(b, n, ",\"tx\":\""u8);
            Span<byte> raw = stackalloc byte[Hash32.Size];
            id.CopyTo(raw);
            Convert.TryToHexStringLower(raw, b[n..], out written);
            n = Append(b, n + written, "\""u8);
        }

        n = Append(b, n, "}"u8);
        message = b[..n].ToArray();
        return true;
    }

    private static int Append(Span<byte> buffer, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(buffer[at..]);
        return at + text.Length;
    }

    /// <summary>Every outcome, escaping what its texts need (a refusal's reason is free text).</summary>
    internal static byte[] FormatWithWriter(string meter, SlotId slot, ReadingOutcome outcome, ulong height, Hash32? tx)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("meter", meter.ToLowerInvariant());
            w.WriteNumber("slot", slot.Index);
            w.WriteString("status", outcome.Accepted ? Accepted : Refused);
            if (!outcome.Accepted)
            {
                w.WriteString("code", outcome.Code);
                w.WriteString("reason", outcome.Reason);
            }

            w.WriteNumber("height", height);
            if (tx is { } id) w.WriteString("tx", id.ToString());
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
