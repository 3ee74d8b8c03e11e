using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace GridForge.Node.Observability;

/// <summary>Counts and times every API request by route template (never the raw path, which holds addresses and ids),
/// method and status; answers each with its request id (<c>X-Request-Id</c>, the id the node's logs carry for it); logs a
/// failed request as a warning and every other at debug level.</summary>
internal sealed partial class ApiRequestMetrics
{
    public const string RequestIdHeader = "X-Request-Id";

    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly ILogger _log;

    public ApiRequestMetrics(IMetricFactory factory, ILogger log)
    {
        _requests = factory.CreateCounter("gridforge_api_requests_total", "API requests answered, by route template, method and status code",
            ["route", "method", "status"]);
        _duration = factory.CreateHistogram("gridforge_api_request_duration_seconds", "Time to answer an API request, by route template and method",
            ["route", "method"], new HistogramConfiguration { Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _log = log;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            // Unmatched paths share one label: a scanner's random URLs must not each make a series.
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var method = Method(context.Request.Method);
            var status = context.Response.StatusCode;
            _requests.WithLabels(route, method, StatusLabel(status)).Inc();
            _duration.WithLabels(route, method).Observe(elapsed.TotalSeconds);
            if (status >= 500) LogFailed(_log, method, route, status, elapsed.TotalMilliseconds);
            else LogAnswered(_log, method, route, status, elapsed.TotalMilliseconds);
        }
    }

    // Methods outside the usual ones are one label, whatever a client sends.
    private static string Method(string method) => method switch
    {
        "GET" or "POST" or "PUT" or "DELETE" or "HEAD" or "OPTIONS" or "PATCH" => method,
        _ => "other",
    };

    private static readonly string[] Statuses = [.. Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string StatusLabel(int status) => status is >= 0 and < 600 ? Statuses[status] : "other";

    [LoggerMessage(EventId = LogEvents.ApiRequest, Level = LogLevel.Debug, Message = "{Method} {Route} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogAnswered(ILogger logger, string method, string route, int status, double elapsedMs);

    [LoggerMessage(EventId = LogEvents.ApiRequestFailed, Level = LogLevel.Warning, Message = "{Method} {Route} failed with {Status} after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string method, string route, int status, double elapsedMs);
}
