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

    public static byte[] Format(string meter, SlotId slot, ReadingOutcome outcome, ulong height, Hash32? tx)
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
