using System.Buffers;
using System.Text.Json;

namespace GridForge.Runtime.Execution;

/// <summary>Events as JSON (<c>[{"module":…,"kind":…,"attributes":{…}}]</c>), written by hand: this runs
/// for every transaction a block stores.</summary>
public static class EventJson
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static string Write(IReadOnlyList<Event> events)
    {
        if (events.Count == 0) return "[]";
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var e in events)
            {
                w.WriteStartObject();
                w.WriteString("module", e.Module);
                w.WriteString("kind", e.Kind);
                w.WriteStartObject("attributes");
                foreach (var (key, value) in e.Attributes) w.WriteString(key, value);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An event's attributes as the JSON object every API form shows (<c>"attributes":{…}</c>: transaction status, the block and
    /// market streams, a contract's history), in their canonical order.</summary>
    public static IReadOnlyDictionary<string, string> Attributes(Event e)
    {
        var map = new Dictionary<string, string>(e.Attributes.Count, StringComparer.Ordinal);
        foreach (var (key, value) in e.Attributes) map[key] = value;
        return map;
    }

    /// <summary>Reads what <see cref="Write"/> wrote (the API's and the store's form); null when the text is not that shape.</summary>
    public static IReadOnlyList<Event>? Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            var events = new List<Event>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object
                    || !e.TryGetProperty("module", out var module) || module.ValueKind != JsonValueKind.String
                    || !e.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
                    || !e.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var list = new List<KeyValuePair<string, string>>();
                foreach (var a in attributes.EnumerateObject())
                {
                    if (a.Value.ValueKind != JsonValueKind.String) return null;
                    list.Add(new KeyValuePair<string, string>(a.Name, a.Value.GetString()!));
                }

                events.Add(new Event(module.GetString()!, kind.GetString()!, list));
            }

            return events;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
