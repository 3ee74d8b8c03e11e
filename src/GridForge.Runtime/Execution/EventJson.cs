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
}
