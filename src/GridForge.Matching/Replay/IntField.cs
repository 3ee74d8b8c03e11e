using System.Text.Json;

namespace GridForge.Matching.Replay;

/// <summary>A numeric field of an input line, which may be absent or not an integer (rule 9 rejects those, it does not stop the replay).</summary>
/// <param name="Kind">What the field held.</param>
/// <param name="Value">The integer, when <see cref="Kind"/> is <see cref="IntFieldKind.Integer"/>.</param>
internal readonly record struct IntField(IntFieldKind Kind, long Value)
{
    public static IntField Read(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return new IntField(IntFieldKind.Absent, 0);
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            return new IntField(IntFieldKind.NotInteger, 0);
        }

        if (element.TryGetInt64(out var value))
        {
            return new IntField(IntFieldKind.Integer, value);
        }

        var raw = element.GetRawText().AsSpan().TrimStart('-');
        return new IntField(raw.ContainsAnyExcept("0123456789") ? IntFieldKind.NotInteger : IntFieldKind.OutOfRange, 0);
    }
}
