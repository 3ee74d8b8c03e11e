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
    public sealed record Inputs(ChainNode Chain, NodeMetrics Metrics, Func<Exception?> ProductionFailure, bool Produces, long MinFreeBytes, TimeProvider Clock,
        DateTimeOffset Started,
        NodeNetwork? Network = null);

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

        if (inputs.Network is { } network)
        {
            checks.AddRange(NetworkReadiness(chain, network));
        }
        else if (inputs.Produces)
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

    /// <summary>A node on the network (docs/operations.md, "Health"). <c>peers</c>: at least <c>p2p.min_peers</c> connected and,
    /// on a validator, the validators whose votes reached it in the last 15 s (itself included) hold more than 2/3 of the power
    /// — without them no block can be committed. <c>synced</c>: no peer reports a height more than one block above this node's
    /// (with no peer at all, only when <c>p2p.min_peers</c> is 0: there is nothing to be behind), and a validator has caught up
    /// and joined consensus, which has not stopped on an error.</summary>
    private static IEnumerable<Check> NetworkReadiness(ChainNode chain, NodeNetwork network)
    {
        var connected = network.Network.Peers.Peers.Count;
        var enough = connected >= network.MinPeers;
        var reach = network.Reach();
        var peersOk = enough && reach is not { Quorum: false };
        var detail = $"{connected} peers connected (at least {network.MinPeers} needed)";
        if (reach is { Total: 0 }) detail += "; consensus has not joined yet: no validator in reach counted";
        else if (reach is { } r) detail += $"; validators in reach hold {r.InReach} of {r.Total} voting power ({(r.Quorum ? "more than 2/3" : "not more than " +
            "2/3: no block can be committed")})";
        yield return new Check("peers", peersOk, detail);

        var best = network.Network.Sync.BestPeerHeight;
        var informed = network.Network.Peers.Peers.Any(p => p.Status is not null);
        var behind = best > chain.Height + NodeNetwork.SyncSlack;
        var consensus = network.Consensus;
        string? problem = consensus?.Failure is { } failure ? $"consensus stopped: {failure.Message}"
            : behind ? $"at height {chain.Height}, a peer is at {best}: catching up by block sync"
            : !informed && network.MinPeers > 0 ? "no peer has said its height yet"
            : consensus is { Height: 0 } ? "catching up before joining consensus"
            : null;
        yield return new Check("synced", problem is null, problem
            ?? (consensus is null ? $"at height {chain.Height}, peers at most {best}: following by block sync"
                : $"at height {chain.Height}, consensus on height {consensus.Height}, peers at most {best}"));
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
