using System.Text.Json;

namespace GridForge.Matching.Replay;

/// <summary>An order id or account as written in the input: a JSON integer or a JSON string (1 and "1" are different names).</summary>
/// <param name="Key">A key that tells numbers from strings.</param>
/// <param name="Json">How the name is written back in the output, as JSON.</param>
internal readonly record struct ReplayName(string Key, string Json)
{
    public static bool TryRead(JsonElement element, out ReplayName name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                var digits = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                name = new ReplayName("n" + digits, digits);
                return true;
            case JsonValueKind.String:
                var text = element.GetString()!;
                name = new ReplayName("s" + text, JsonSerializer.Serialize(text));
                return true;
            default:
                name = default;
                return false;
        }
    }
}
