using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GridForge.Node.Api;

/// <summary>What the served OpenAPI document adds to what the endpoints declare (docs/api.md, "OpenAPI"): an <c>operationId</c>
/// per operation made from its method and path (<c>GET /api/v1/market/slots/{slot}/book</c> → <c>getMarketSlotsBySlotBook</c>),
/// a tag per module, and the problem schema for every 4xx and 5xx answer.</summary>
public static class OpenApiContract
{
    private static readonly Dictionary<string, string> TagOf = new(StringComparer.Ordinal)
    {
        ["transactions"] = "chain", ["accounts"] = "chain", ["blocks"] = "chain", ["status"] = "chain", ["stream"] = "chain",
        ["meters"] = "metering", ["energy"] = "metering", ["metering"] = "metering", ["openapi.json"] = "chain",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas["Problem"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "RFC 9457 problem details with GridForge's stable code (docs/api.md, \"Errors\").",
                Required = new HashSet<string> { "type", "title", "status", "detail", "code" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "https://gridforge.dev/problems/<code>" },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The code again" },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status" },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A sentence for a person" },
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The stable code to program against" },
                },
            };
            var problem = new OpenApiSchemaReference("Problem", document);
            foreach (var path in document.Paths)
            {
                foreach (var (_, operation) in path.Value.Operations ?? [])
                {
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses["4XX"] = ProblemResponse(problem, "Refused: the code says why (docs/api.md, \"Errors\")");
                    operation.Responses["5XX"] = ProblemResponse(problem, "A bug in the node (internal_error)");
                }
            }

            document.Tags = new HashSet<OpenApiTag>(TagOf.Values.Concat(
                    document.Paths.Keys.Select(p => Tag(p))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(t => new OpenApiTag { Name = t }));
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var path = "/" + (context.Description.RelativePath ?? "");
            operation.OperationId = OperationId(context.Description.HttpMethod ?? "GET", path);
            operation.Tags = new HashSet<OpenApiTagReference> { new(Tag(path), context.Document) };
            return Task.CompletedTask;
        });
    }

    private static OpenApiResponse ProblemResponse(IOpenApiSchema schema, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
    };

    /// <summary>The module a path belongs to: the segment after <c>/api/v1/</c>, the chain's own endpoints grouped as <c>chain</c>.</summary>
    public static string Tag(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var first = segments.Length > 2 && segments[0] == "api" ? segments[2] : "dashboard";
        return TagOf.TryGetValue(first, out var tag) ? tag : first;
    }

    /// <summary><c>GET /api/v1/blocks/{id}/events</c> → <c>getBlocksByIdEvents</c>: unique for a method and a path.</summary>
    public static string OperationId(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s is "api" or "v1"))
        {
            var name = segment.StartsWith('{') ? "By" + Pascal(segment.Trim('{', '}').Split(':')[0]) : Pascal(segment);
            id.Append(name);
        }

        return id.ToString();
    }

    private static string Pascal(string text) => string.Concat(text.Split('-', '_', '.').Where(p => p.Length > 0)
        .Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
}
