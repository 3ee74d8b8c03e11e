using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace GridForge.Node.Tests;

/// <summary>The response schemas of a served OpenAPI 3.1 document as JSON Schema 2020-12: for an operation and a status, the schema its
/// body must match (the exact status, else its class <c>4XX</c>/<c>5XX</c>), with the document's components as <c>$defs</c>.</summary>
public sealed class ResponseSchemas
{
    private readonly JsonObject _paths;
    private readonly JsonNode _components;
    private readonly ConcurrentDictionary<string, JsonSchema?> _built = new(StringComparer.Ordinal);

    private ResponseSchemas(JsonObject document)
    {
        _paths = document["paths"]!.AsObject();
        _components = document["components"]!["schemas"]!;
    }

    public static async Task<ResponseSchemas> LoadAsync(HttpClient http) =>
        new(JsonNode.Parse(await http.GetStringAsync("api/v1/openapi.json"))!.AsObject());

    /// <summary>Whether the document lists <paramref name="status"/> (exactly, or by its class) for the operation.</summary>
    public bool Documents(string method, string template, int status) => Response(method, template, status) is not null;

    /// <summary>The reasons <paramref name="body"/> breaks the schema documented for the operation and status (none: it matches); the
    /// media type must be one the document lists for it.</summary>
    public IReadOnlyList<string> Check(string method, string template, int status, string? mediaType, string body)
    {
        var response = Response(method, template, status) ?? throw new InvalidOperationException($"{method} {template} documents no {status}");
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0) return body.Length == 0 ? [] : [$"{status} documents no body but one came: {body}"];
        if (mediaType is null || !content.ContainsKey(mediaType)) return [
            $"{status} came as {mediaType}; the document lists {string.Join(", ", content.Select(c => c.Key))}"];
        var key = $"{method} {template} {status} {mediaType}";
        var schema = _built.GetOrAdd(key, _ => Build(content[mediaType]!["schema"]));
        if (schema is null) return [];
        if (mediaType is not ("application/json" or "application/problem+json")) return [];
        using var instance = JsonDocument.Parse(body);
        var results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))];
    }

    private JsonObject? Response(string method, string template, int status)
    {
        var responses = _paths[template]?[method.ToLowerInvariant()]?["responses"]?.AsObject();
        if (responses is null) return null;
        return (responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses[$"{status / 100}XX"])?.AsObject();
    }

    /// <summary>A standalone schema: the response's schema with the components beside it, their references rewritten to <c>$defs</c>.</summary>
    private JsonSchema? Build(JsonNode? schema)
    {
        if (schema is null) return null;
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://gridforge.test/schemas/{Guid.NewGuid():N}",
            ["$defs"] = _components.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        return JsonSchema.FromText(root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
    }
}
