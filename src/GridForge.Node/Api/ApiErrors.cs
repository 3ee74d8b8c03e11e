using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GridForge.Node.Api;

/// <summary>One error shape for every answer that is not a success (docs/api.md, "Errors"): the node's own refusals, and what the
/// framework would otherwise answer on its own — a route parameter that does not parse, a body that is not JSON or too large, a
/// request target too long, a method the path does not answer, a media type it does not take — all become RFC 9457 problem details
/// with the node's <c>type</c> scheme, a <c>code</c> from the documented table and a <c>detail</c> sentence. A client's mistake
/// never reaches a 500 and never writes a stack trace to the console; only a bug in the node does (500 <c>internal_error</c>,
/// logged with its stack). <c>HEAD</c> is answered wherever <c>GET</c> is, with the same status and headers and no body.</summary>
public static partial class ApiErrors
{
    /// <summary>The largest request body the node reads (a binary batch of 10,000 transactions of typical size fits many times).</summary>
    public const long MaxBodyBytes = 32L << 20;

    /// <summary>The longest request target (path and query) the node answers; longer ones are 414 <c>uri_too_long</c>. Kestrel's own
    /// request-line limit is set above it (<see cref="MaxRequestLineBytes"/>) so that this answer, not a bare 414, is what a client sees.</summary>
    public const int MaxTargetLength = 8_192;

    /// <summary>Kestrel's request-line limit; a line longer than this is refused by the server before any handler, without a body.</summary>
    public const int MaxRequestLineBytes = 65_536;

    /// <summary>The highest slot the API accepts in a route or query: 10^12 slots of 15 minutes reach 28 million years ahead, and
    /// every product of a slot with a slot length or a range stays far inside 64 bits.</summary>
    public const long MaxSlot = 1_000_000_000_000;

    private const string HeadKey = "gridforge.head";

    /// <summary>True when the request came as <c>HEAD</c> (the pipeline runs it as <c>GET</c>); a stream ends after its headers.</summary>
    public static bool IsHead(HttpContext context) => context.Items.ContainsKey(HeadKey);

    /// <summary>The outermost middleware: HEAD as GET without a body, the target length, and every exception turned into a problem.</summary>
    public static void Use(WebApplication app, ILogger log)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Items[HeadKey] = true;
                context.Request.Method = HttpMethods.Get;
                context.Response.Body = Stream.Null;
            }

            var target = context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length ?? 0;
            if (target > MaxTargetLength)
            {
                await Problems.Of(StatusCodes.Status414UriTooLong, ProblemCodes.UriTooLong,
                    $"the request target is {target} characters; the node answers at most {MaxTargetLength}").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                var (status, code, detail) = Describe(e);
                context.Response.Clear();
                await Problems.Of(status, code, detail).ExecuteAsync(context).ConfigureAwait(false);
            }
            catch (JsonException e) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await Problems.Of(400, ProblemCodes.Malformed, BodyNotJson(e)).ExecuteAsync(context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nothing to answer.
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                // Only a bug in the node gets here: it is logged with its stack, the client gets the one sentence.
                log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                context.Response.Clear();
                await Problems.Of(500, ProblemCodes.InternalError, "the node failed to handle the request; its log says why")
                    .ExecuteAsync(context).ConfigureAwait(false);
            }
        });
        app.UseStatusCodePages(context => StatusOnly(context.HttpContext));
    }

    /// <summary>A status the framework set without a body (no route, a method the path does not answer, …) as a problem.</summary>
    private static Task StatusOnly(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var what = $"{(IsHead(context) ? HttpMethods.Head : context.Request.Method)} {context.Request.Path}";
        var (code, detail) = status switch
        {
            404 => (ProblemCodes.NotFound, $"no endpoint answers {what}"),
            405 => (ProblemCodes.MethodNotAllowed, $"{context.Request.Path} does not answer {context.Request.Method}"),
            406 => (ProblemCodes.NotAcceptable, "the node answers JSON (application/json, problems as application/problem+json)"),
            413 => (ProblemCodes.PayloadTooLarge, $"the request body is larger than the {MaxBodyBytes} bytes the node reads"),
            414 => (ProblemCodes.UriTooLong, $"the request target is longer than the {MaxTargetLength} characters the node answers"),
            415 => (ProblemCodes.UnsupportedMediaType, "this endpoint takes a JSON body (Content-Type: application/json)"),
            >= 500 => (ProblemCodes.InternalError, $"the node failed to handle {what}"),
            _ => (ProblemCodes.BadRequest, $"the node cannot answer {what} as sent"),
        };
        return Problems.Of(status, code, detail).ExecuteAsync(context);
    }

    /// <summary>A request the framework refused while binding it, in the node's words (never its C# type names).</summary>
    internal static (int Status, string Code, string Detail) Describe(BadHttpRequestException e)
    {
        switch (e.StatusCode)
        {
            case 413:
                return (413, ProblemCodes.PayloadTooLarge, $"the request body is larger than the {MaxBodyBytes} bytes the node reads");
            case 415:
                return (415, ProblemCodes.UnsupportedMediaType, "this endpoint takes a JSON body (Content-Type: application/json)");
            case 414:
                return (414, ProblemCodes.UriTooLong, $"the request target is longer than the {MaxTargetLength} characters the node answers");
        }

        if (BindFailure().Match(e.Message) is { Success: true } bad)
        {
            var name = bad.Groups["name"].Value;
            var value = bad.Groups["value"].Value;
            var shown = value.Length > 40 ? value[..40] + "…" : value;
            return (400, ProblemCodes.InvalidParameter, $"{name} must be {Kind(bad.Groups["type"].Value)}; \"{shown}\" is not");
        }

        if (Missing().Match(e.Message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value.Contains("body", StringComparison.Ordinal)
                ? (400, ProblemCodes.Malformed, "the request body is empty; this endpoint takes JSON")
                : (400, ProblemCodes.MissingParameter, $"the query parameter {missing.Groups["name"].Value} is required");
        }

        if (e.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return (400, ProblemCodes.Malformed, "the request body is empty; this endpoint takes JSON");
        }

        return (400, ProblemCodes.Malformed, e.InnerException is JsonException json ? BodyNotJson(json) : "the request body is not JSON of the expected shape");
    }

    private static string BodyNotJson(JsonException e) =>
        e.Path is { Length: > 1 } path ? $"the request body is not JSON of the expected shape (at {path})"
            : "the request body is not JSON of the expected shape";

    private static string Kind(string type) => type.TrimEnd('?') switch
    {
        "ulong" => $"a whole number from 0 to {ulong.MaxValue}",
        "long" => $"a whole number from {long.MinValue} to {long.MaxValue}",
        "uint" => $"a whole number from 0 to {uint.MaxValue}",
        "int" => $"a whole number from {int.MinValue} to {int.MaxValue}",
        "bool" => "true or false",
        _ => "a value of another form",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>\\S+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>\\S+) (?<name>[^\"]+)\" was not provided from (?<source>.*)\\.$", RegexOptions.Singleline)]
    private static partial Regex Missing();

    private static readonly string[] SlotParameters = ["slot", "from", "to"];

    /// <summary>An endpoint filter for every API endpoint: a query parameter the endpoint does not take is refused
    /// (<c>unknown_parameter</c>), not ignored; a slot (a <c>long</c> named slot, from or to) outside 0…<see cref="MaxSlot"/> is
    /// refused (<c>invalid_slot</c>) before the handler reads state with it.</summary>
    public static EndpointFilterDelegate CheckParameters(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var parameters = factory.MethodInfo.GetParameters();
        var simple = parameters.Where(p => IsSimple(p.ParameterType)).Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var slots = parameters.Select((p, i) => (p, i))
            .Where(x => (x.p.ParameterType == typeof(long) || x.p.ParameterType == typeof(long?)) && SlotParameters.Contains(x.p.Name, StringComparer.Ordinal))
            .Select(x => (Index: x.i, Name: x.p.Name!)).ToArray();
        return invocation =>
        {
            var http = invocation.HttpContext;
            if (http.Request.Query.Count > 0)
            {
                var route = http.GetRouteData().Values;
                foreach (var key in http.Request.Query.Keys)
                {
                    if (!simple.Contains(key) || route.ContainsKey(key))
                    {
                        var takes = simple.Where(n => !route.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
                        return ValueTask.FromResult<object?>(Problems.Of(400, ProblemCodes.UnknownParameter,
                            $"{http.Request.Path} takes no query parameter '{Clip(key)}'"
                                + (takes.Count == 0 ? "" : $" (it takes {string.Join(", ", takes)})")));
                    }
                }
            }

            foreach (var (index, name) in slots)
            {
                if (invocation.Arguments[index] is long slot && (slot < 0 || slot > MaxSlot))
                {
                    return ValueTask.FromResult<object?>(Problems.Of(400, ProblemCodes.InvalidSlot,
                        $"{name} must be a slot from 0 to {MaxSlot.ToString(CultureInfo.InvariantCulture)}; {slot.ToString(CultureInfo.InvariantCulture)} is " +
                        $"not"));
                }
            }

            return next(invocation);
        };
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t == typeof(string) || t.IsEnum;
    }
}

/// <summary>The codes of problems the API itself answers (beside the rejection codes of transactions and modules); the table
/// with their statuses is in docs/api.md, "Errors".</summary>
public static class ProblemCodes
{
    public const string Malformed = "malformed";
    public const string BadRequest = "bad_request";
    public const string InvalidParameter = "invalid_parameter";
    public const string MissingParameter = "missing_parameter";
    public const string UnknownParameter = "unknown_parameter";
    public const string InvalidSlot = "invalid_slot";
    public const string InvalidAddress = "invalid_address";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string NotAcceptable = "not_acceptable";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UriTooLong = "uri_too_long";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InternalError = "internal_error";
}
