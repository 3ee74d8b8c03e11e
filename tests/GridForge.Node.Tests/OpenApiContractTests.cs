using System.Text.Json;

namespace GridForge.Node.Tests;

/// <summary>The served OpenAPI document as a contract (docs/api.md, "OpenAPI"): a unique operationId and a module tag and a summary on
/// every operation, the problem schema for every refusal, and no C# documentation markup.</summary>
public sealed class OpenApiContractTests : InProcessNodeTest
{
    [Fact]
    public async Task EveryOperation_HasAUniqueOperationId_AModuleTag_AndTheProblemSchemaForRefusals()
    {
        var text = await _http.GetStringAsync("api/v1/openapi.json");
        using var doc = JsonDocument.Parse(text);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var what = $"{operation.Name} {path.Name}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.TryGetProperty("summary", out var summary) ? summary.GetString() : null),
                    $"{what}: no summary");
                Assert.True(ids.Add(operation.Value.GetProperty("operationId").GetString()!), $"{what}: operationId not unique");
                tags.Add(Assert.Single(operation.Value.GetProperty("tags").EnumerateArray()).GetString()!);
                var refused = operation.Value.GetProperty("responses").GetProperty("4XX").GetProperty("content").GetProperty("application/problem+json");
                Assert.Equal("#/components/schemas/Problem", refused.GetProperty("schema").GetProperty("$ref").GetString());
            }
        }

        Assert.Contains("getMarketSlotsBySlotBook", ids);
        Assert.Contains("postTransactionsSimulate", ids);
        Assert.Superset(new HashSet<string> { "chain", "market", "metering", "grid", "watt", "staking", "governance", "contracts", "disputes" }, tags);
        Assert.True(doc.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty("Problem", out _));
        foreach (var leak in new[] { "<see", "cref=", "<c>", "<paramref", "T:GridForge", "M:GridForge" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EverySuccess_HasItsBodySchema_StreamsAreDescribedEventStreams_AndU64sAreUint64()
    {
        var text = await _http.GetStringAsync("api/v1/openapi.json");
        using var doc = JsonDocument.Parse(text);
        var streams = 0;
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var what = $"{operation.Name} {path.Name}";
                var successes = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
                Assert.True(successes.Count > 0, $"{what}: no success response");
                foreach (var success in successes)
                {
                    var content = success.Value.GetProperty("content");
                    if (content.TryGetProperty("text/event-stream", out _))
                    {
                        streams++;
                        var description = operation.Value.GetProperty("description").GetString()!;
                        Assert.Contains("event: ", description, StringComparison.Ordinal);
                        Assert.Contains("data: {", description, StringComparison.Ordinal);
                        continue;
                    }

                    Assert.True(content.GetProperty("application/json").TryGetProperty("schema", out _), $"{what} {success.Name}: no body schema");
                }
            }
        }

        Assert.Equal(2, streams);
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("AccountResponse", "nonce"), ("TokenBalance", "free"), ("StatusResponse", "minFee"),
            ("WattSupplyResponse", "totalSupply") })
        {
            Assert.Equal(("integer", "uint64"), (schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("type").GetString(),
                schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("format").GetString()));
        }

        Assert.Equal("string", schemas.GetProperty("Address").GetProperty("type").GetString());
        // XML comments arrive as plain sentences: no line breaks or indentation, no C# member written as "ulong ProofResponse.Height".
        Assert.DoesNotMatch(@"\b(u?long|bool|string)\??\s+[A-Z]\w+\.[A-Z]", text);
        Assert.DoesNotContain("\\n    ", text, StringComparison.Ordinal);
    }
}
