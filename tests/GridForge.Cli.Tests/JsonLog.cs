using System.Text.Json;

namespace GridForge.Cli.Tests;

/// <summary>A node's stdout when it is not a terminal: one JSON log event per line (docs/operations.md, "Logs").</summary>
internal static class JsonLog
{
    /// <summary>Parses every non-empty line, failing on one that is not JSON or lacks a timestamp, level or category.</summary>
    public static List<JsonElement> Parse(IEnumerable<string> lines)
    {
        var events = lines.Where(l => l.Length > 0).Select(l =>
        {
            try
            {
                return JsonDocument.Parse(l).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"a log line is not JSON ({e.Message}): {l}");
            }
        }).ToList();
        Assert.All(events, e =>
        {
            Assert.True(DateTimeOffset.TryParse(e.GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("LogLevel").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("Category").GetString()));
        });
        return events;
    }

    public static int Id(JsonElement e) => e.GetProperty("EventId").GetInt32();

    /// <summary>The request id in an API request's log scope.</summary>
    public static string? RequestId(JsonElement e) =>
        e.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out _))
            .Select(s => s.GetProperty("RequestId").GetString()).SingleOrDefault();
}
