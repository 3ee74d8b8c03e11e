using System.Text.Json;
using GridForge.Node.Api;

namespace GridForge.Cli.Community;

/// <summary>Reads the events of a committed transaction as the API shows them: <c>[{"module","kind","attributes":{…}}]</c>.</summary>
internal static class TxEvents
{
    /// <summary>The attributes of each event of <paramref name="kind"/>, in order.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> OfKind(TxStatusResponse status, string kind)
    {
        if (status.Events is not { ValueKind: JsonValueKind.Array } events) yield break;
        foreach (var e in events.EnumerateArray())
        {
            if (e.TryGetProperty("kind", out var k) && k.GetString() == kind && e.TryGetProperty("attributes", out var attributes))
            {
                yield return attributes.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            }
        }
    }
}
