using GridForge.Chain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Observability;

/// <summary><c>/health/live</c> (the process answers and its block production has not died) and <c>/health/ready</c> (it
/// should get traffic: storage writable with room left, and in step with the chain), for load balancers, orchestrators and
/// monitoring. 200 when healthy, 503 otherwise, with each check and why (docs/operations.md).</summary>
public static class HealthEndpoints
{
    /// <summary>One check's outcome.</summary>
    public sealed record Check(string Name, bool Ok, string Detail);

    /// <summary>What <c>/health/…</c> answers.</summary>
    public sealed record HealthReport(string Status, ulong Height, IReadOnlyList<Check> Checks);

    /// <summary>What readiness needs to know about the node.</summary>
    public sealed record Inputs(ChainNode Chain, NodeMetrics Metrics, Func<Exception?> ProductionFailure, bool Produces, long MinFreeBytes, TimeProvider Clock, DateTimeOffset Started);

    public static void Map(IEndpointRouteBuilder app, Inputs inputs)
    {
        app.MapGet("/health/live", () =>
        {
            var failure = inputs.ProductionFailure();
            var checks = new List<Check> { new("production", failure is null, failure is null ? "running" : $"block production stopped: {failure.Message}") };
            return Answer(failure is null ? "alive" : "failing", inputs.Chain.Height, checks);
        }).ExcludeFromDescription();

        app.MapGet("/health/ready", () =>
        {
            var checks = Readiness(inputs);
            return Answer(checks.All(c => c.Ok) ? "ready" : "not_ready", inputs.Chain.Height, checks);
        }).ExcludeFromDescription();
    }

    private static IResult Answer(string status, ulong height, IReadOnlyList<Check> checks) =>
        Results.Json(new HealthReport(status, height, checks), statusCode: checks.All(c => c.Ok) ? 200 : 503);

    /// <summary>Each readiness check in a fixed order.</summary>
    public static IReadOnlyList<Check> Readiness(Inputs inputs)
    {
        var chain = inputs.Chain;
        var directory = Path.GetDirectoryName(chain.DataPath)!;
        var checks = new List<Check>();
        var writeError = StorageProbe.Writable(directory);
        var fs = StorageProbe.Filesystem(directory);
        var storageOk = writeError is null && (fs is null || fs.Value.Available >= inputs.MinFreeBytes);
        checks.Add(new Check("storage", storageOk,
            writeError is not null ? $"{directory} is not writable: {writeError}"
            : fs is { } f ? $"{Mib(f.Available)} MiB free of {Mib(f.Size)} MiB (at least {Mib(inputs.MinFreeBytes)} MiB needed)"
            : "writable"));

        if (inputs.Produces)
        {
            var failure = inputs.ProductionFailure();
            // In step: this node (the chain's only validator) made a block within a few block intervals.
            var interval = TimeSpan.FromMilliseconds(chain.Runtime.BlockIntervalMs(chain.State));
            var limit = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(10).Ticks, interval.Ticks * 5));
            var age = inputs.Metrics.SinceLastBlock ?? inputs.Clock.GetUtcNow() - inputs.Started;
            var synced = failure is null && age <= limit;
            checks.Add(new Check("synced", synced,
                failure is not null ? $"block production stopped: {failure.Message}"
                : inputs.Metrics.SinceLastBlock is null ? (synced ? "starting: no block made yet" : $"no block made in the {age.TotalSeconds:0} s since start")
                : $"last block {age.TotalSeconds:0.0} s ago (at most {limit.TotalSeconds:0} s)"));
        }
        else
        {
            checks.Add(new Check("synced", true, "not a validator and no peer-to-peer network: the local chain is all there is"));
        }

        return checks;
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
