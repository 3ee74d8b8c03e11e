using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

    /// <summary>The media type of the node's Server-Sent Event streams.</summary>
    public const string EventStream = "text/event-stream";

    /// <summary>What <c>GET /api/v1/stream/blocks</c> sends, for the document (docs/api.md).</summary>
    public const string BlockStreamDescription =
        "A Server-Sent Events stream (`text/event-stream`). It opens with the comment line `: gridforge block stream`, then sends one event per committed " +
        "block:\n\n" +
        "```\nevent: block\ndata: {\"header\":{…},\"transactions\":[{\"hash\":\"…\",\"success\":true,\"code\":null}],\"events\":[{\"module\":\"market\"," +
        "\"kind\":\"trade\",\"attributes\":{…}}]}\n```\n\n" +
        "`data` is one line of JSON: `header` is a block header (the `header` of `GET /api/v1/blocks/{id}`), `transactions` each transaction's `hash`, " +
        "`success` and refusal `code` (null on success), `events` every event of the block (its transactions' and its end-of-block hooks') as in " +
        "`GET /api/v1/blocks/{height}/events`. A subscriber that reads too slowly loses the oldest blocks (at most 256 wait); it never slows the chain. " +
        "`HEAD` answers the headers and ends.";

    /// <summary>What <c>GET /api/v1/market/stream</c> sends, for the document (docs/api.md).</summary>
    public const string MarketStreamDescription =
        "A Server-Sent Events stream (`text/event-stream`). It opens with the comment line `: market stream`, then sends one event per market or " +
        "settlement event of each committed block, in block order:\n\n" +
        "```\nevent: market\ndata: {\"height\":42,\"module\":\"market\",\"kind\":\"trade\",\"attributes\":{\"slot\":\"…\",\"price\":\"…\"}}\n```\n\n" +
        "`data` is one line of JSON: the block `height`, `module` (`market` or `settlement`), `kind` (`order_placed`, `order_amended`, " +
        "`order_cancelled`, `trade`, `gate_closed`, `trade_settled`, …: the events of docs/market-on-chain.md) and `attributes` (every value a " +
        "string). A subscriber that reads too slowly loses the oldest events (at most 1,024 wait). `HEAD` answers the headers and ends.";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["chain"] = "Transactions (submit, simulate, status), accounts and proofs, blocks, the node's status and the block stream.",
        ["metering"] = "Meters, their accepted readings, accounts' energy balances, and batches of signed readings.",
        ["grid"] = "The grid: zones, links, fees, capacities per slot and the DSO's overrides.",
        ["market"] = "Books, orders, trades, settlements, certificates, debts, slot summaries and the market stream.",
        ["contracts"] = "Contract templates and contracts with their history, orders, PPA periods and flexibility slots.",
        ["disputes"] = "Disputes and who arbitrates them.",
        ["watt"] = "WATT, the fiat-backed stable token: supply, issuers, redemptions and deposits minted.",
        ["sandbox-bank"] = "The dev chain's play bank: fiat deposits into issuers' reserves and redemption payouts.",
        ["staking"] = "GRID staking: the era, validators, candidates, exposures, accounts' bonds and issuance.",
        ["governance"] = "Proposals with their tallies and votes, and every module's parameters.",
        ["mqtt"] = "The MQTT gateway for meters.",
        ["network"] = "The node on the peer-to-peer network (a node run from its home).",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer(DescribeDomainTypes);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "GridForge node API",
                Version = "v1",
                Description = "The REST API of a GridForge node (docs/api.md). Reads answer from durable state and name its height in the " +
                    "`GridForge-Height` header. Writes are signed transactions (`POST /api/v1/transactions`): the API holds no keys and needs " +
                    "no authentication. Amounts are integers in µ-units, energy in Wh; u64 values are JSON numbers up to 18446744073709551615 " +
                    "(a JavaScript client needs a parser that keeps integers above 2^53 exact).",
            };
            // The document describes the API wherever it is served: its server is "/", relative to the document's own URL (never the
            // host name the request happened to use).
            document.Servers = [new OpenApiServer { Url = "/", Description = "The node that serves this document" }];
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
            foreach (var schema in document.Components.Schemas.Values.OfType<OpenApiSchema>()) Clean(schema, []);
            foreach (var parameter in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Parameters ?? [])
                .OfType<OpenApiParameter>())
            {
                parameter.Description = Plain(parameter.Description);
            }

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
                .Select(t => new OpenApiTag { Name = t, Description = TagDescriptions.GetValueOrDefault(t, t) }));
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var path = "/" + (context.Description.RelativePath ?? "");
            operation.OperationId = OperationId(context.Description.HttpMethod ?? "GET", path);
            operation.Tags = new HashSet<OpenApiTagReference> { new(Tag(path), context.Document) };
            // No operation needs authentication (writes are signed transactions): an explicitly empty requirement says so.
            operation.Security = [];
            return Task.CompletedTask;
        });
    }

    /// <summary>The JSON forms of the domain types (DomainJsonConverters): the generator sees only their .NET shape, the wire
    /// carries an address or a hash as a string, a slot as a number, a zone as its name; 128-bit sums as JSON integers. Event lists
    /// (written by EventJson, typed as JsonElement) are arrays of <c>EventResponse</c>; a contract's terms are one of the
    /// templates' term records.</summary>
    private static async Task DescribeDomainTypes(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        var nullable = context.JsonPropertyInfo is { } property && Nullable.GetUnderlyingType(property.PropertyType) is not null;
        void Set(JsonSchemaType t, string? format, string description, string? pattern = null)
        {
            schema.Type = nullable ? t | JsonSchemaType.Null : t;
            schema.Format = format;
            schema.Pattern = pattern;
            schema.Properties = null;
            schema.Required = null;
            schema.AdditionalPropertiesAllowed = true;
            schema.Description ??= description;
        }

        if (type == typeof(Core.Primitives.Address)) Set(JsonSchemaType.String, null, "An account address (bech32m, grid1…)", "^grid1[02-9ac-hj-np-z]+$");
        else if (type == typeof(Core.Primitives.Hash32)) Set(JsonSchemaType.String, null, "A SHA-256 hash, 64 lowercase hexadecimal characters",
            "^[0-9a-f]{64}$");
        else if (type == typeof(Core.Primitives.SlotId)) Set(JsonSchemaType.Integer, "int64", "A 15-minute delivery slot (its index since the Unix epoch)");
        else if (type == typeof(Core.Primitives.ZoneId)) Set(JsonSchemaType.String, null, "A grid zone's name");
        else if (type == typeof(UInt128)) Set(JsonSchemaType.Integer, "uint128", "An unsigned 128-bit integer (a JSON number; it may exceed 2^64)");
        else if (type == typeof(Int128)) Set(JsonSchemaType.Integer, "int128", "A signed 128-bit integer (a JSON number; it may exceed 2^63)");
        else if (type == typeof(System.Text.Json.JsonElement) && context.JsonPropertyInfo?.Name == "events")
        {
            var events = await context.GetOrCreateSchemaAsync(typeof(List<EventResponse>), null, ct).ConfigureAwait(false);
            schema.Type = events.Type | (nullable ? JsonSchemaType.Null : 0);
            schema.Items = events.Items;
            schema.Description = "The events it emitted, in order";
        }
        else if (type == typeof(object) && context.JsonPropertyInfo?.Name == "terms")
        {
            schema.Description = "The template's terms: a residential rule's, a PPA's or a flexibility contract's";
            schema.OneOf =
            [
                await context.GetOrCreateSchemaAsync(typeof(ContractsEndpoints.ResidentialTermsResponse), null, ct).ConfigureAwait(false),
                await context.GetOrCreateSchemaAsync(typeof(ContractsEndpoints.PpaTermsResponse), null, ct).ConfigureAwait(false),
                await context.GetOrCreateSchemaAsync(typeof(ContractsEndpoints.FlexibilityTermsResponse), null, ct).ConfigureAwait(false),
            ];
        }
    }

    /// <summary>A C# type and member as the XML-comment generator renders a cross-reference (<c>ulong ProofResponse.Height</c>).</summary>
    private static readonly System.Text.RegularExpressions.Regex CodeReference = new(
        @"\b(?:(?:u?long|u?int|bool|string|U?Int128|[A-Z][A-Za-z0-9]*)\??\s+)?[A-Z][A-Za-z0-9]*(?:Response|Request|Settlement|Record|" +
        @"Period)\.([A-Z])([A-Za-z0-9]*)\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A description as a reader of the API wants it: the XML comment's line breaks and indentation folded into single spaces,
    /// and a reference to a C# member written as the JSON property it is (<c>ulong ProofResponse.Height</c> → <c>`height`</c>).</summary>
    public static string? Plain(string? text) => text is null ? null
        : CodeReference.Replace(System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim(),
            m => "`" + m.Groups[1].Value.ToLowerInvariant() + m.Groups[2].Value + "`");

    private static void Clean(OpenApiSchema schema, HashSet<OpenApiSchema> seen)
    {
        if (!seen.Add(schema)) return;
        schema.Description = Plain(schema.Description);
        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? [])
                     .Append(schema.Items).Append(schema.AdditionalProperties).OfType<OpenApiSchema>())
        {
            Clean(child, seen);
        }
    }

    /// <summary>Marks an endpoint as a Server-Sent Events stream: 200 <c>text/event-stream</c>, with what it sends described.</summary>
    public static TBuilder Streams<TBuilder>(this TBuilder builder, string description)
        where TBuilder : Microsoft.AspNetCore.Builder.IEndpointConventionBuilder =>
        builder.WithMetadata(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(200, typeof(string), [EventStream])).WithDescription(description);

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
