using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridForge.Node.Tests.Observability;

namespace GridForge.Cli.Tests.Network;

/// <summary>Issue 18 on the validator network: a node run from its home (<c>gridforge node --home</c>) exports live consensus
/// and peer metrics that pass <c>promtool check metrics</c>, is ready only with enough peers and validators in reach, and logs
/// as the dev node does (JSON lines with event ids, request ids, its role). Separate processes on loopback, all stopped.</summary>
[Collection(NetworkCollection.Name)]
public sealed partial class NetworkOperationsTests
{
    private static readonly int[] Validators = [0, 1, 2, 3];

    [Fact]
    public async Task NetworkNodes_ExportLiveConsensusAndPeerMetrics_PassingPromtool_AndLogJsonLinesThatSayTheirRole()
    {
        using var net = LocalTestnet.Write(validators: 4, fullNodes: 1);
        SetLogLevel(net.Nodes[0].Home, Microsoft.Extensions.Logging.LogLevel.Debug);
        int[] all = [0, 1, 2, 3, 4];
        await net.StartAsync(all);
        await net.WaitForHeightAsync(4, all);
        var requestId = (await net[0].Http.GetAsync("api/v1/status")).Headers.GetValues("X-Request-Id").Single();

        // A validator that started last under load may have caught up by sync and joined the votes a few heights later: wait
        // (bounded) until each of the four has voted at some height node0 worked on.
        var validator = await ScrapeUntil(net, 0, s => Series(s, "gridforge_validator_signed_blocks_total{").Count == 4);
        Assert.True(Value(validator, "gridforge_p2p_peers{direction=\"inbound\"}") + Value(validator, "gridforge_p2p_peers{direction=\"outbound\"}") >= 3,
            validator);
        Assert.Equal(1, Value(validator, "gridforge_p2p_min_peers"));
        // No load, nothing of the gossip dropped (the series exist from the start, at 0).
        Assert.Equal(0, Value(validator, "gridforge_p2p_tx_gossip_dropped_total{side=\"received\"}"));
        Assert.Equal(0, Value(validator, "gridforge_p2p_tx_gossip_dropped_total{side=\"sent\"}"));
        // The height in progress: the chain's next, or the one just decided while the next waits for its block interval.
        Assert.True(Value(validator, "gridforge_consensus_height") >= 4);
        Assert.Equal(1, Series(validator, "gridforge_consensus_step{").Sum(s => s.Value));
        Assert.True(Value(validator, "gridforge_consensus_votes_received_total{type=\"prevote\",outcome=\"accepted\"}") > 0);
        Assert.True(Value(validator, "gridforge_consensus_votes_received_total{type=\"precommit\",outcome=\"accepted\"}") > 0);
        Assert.Equal(0, Value(validator, "gridforge_consensus_votes_received_total{type=\"precommit\",outcome=\"bad_signature\"}"));
        Assert.Equal(1, Value(validator, "gridforge_consensus_quorum_in_reach"));
        Assert.True(Value(validator, "gridforge_consensus_rounds_per_height_count") >= 4);
        // Every validator of the set took part in some height as this validator saw it, and each height it left counts once per member.
        var signed = Series(validator, "gridforge_validator_signed_blocks_total{");
        Assert.Equal(4, signed.Count);
        Assert.All(signed, s => Assert.True(s.Value > 0, s.Name));
        Assert.Equal(0, Value(validator, "gridforge_block_production_stopped"));

        var full = await Scrape(net, 4);
        Assert.True(Value(full, "gridforge_sync_blocks_imported_total") >= 4, full);
        Assert.True(Value(full, "gridforge_consensus_rounds_per_height_count") >= 4);
        // A full node hears no votes: no live round, and no per-validator figures from commits that hold only the first 2/3.
        Assert.DoesNotContain("gridforge_consensus_round ", full, StringComparison.Ordinal);
        Assert.DoesNotContain("gridforge_validator_missed_blocks_total{", full, StringComparison.Ordinal);

        foreach (var node in new[] { 0, 4 })
        {
            var ready = await Ready(net, node);
            Assert.True(ready.Status == HttpStatusCode.OK, ready.Body);
            Assert.Contains("\"name\":\"peers\",\"ok\":true", ready.Body, StringComparison.Ordinal);
            Assert.Contains("\"name\":\"synced\",\"ok\":true", ready.Body, StringComparison.Ordinal);
        }

        Assert.Equal(0, net[0].Terminate(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, net[4].Terminate(TimeSpan.FromSeconds(60)));
        var validatorLog = JsonLog.Parse(net[0].StdoutLines);
        var fullLog = JsonLog.Parse(net[4].StdoutLines);
        Assert.Contains("validator: consensus with its peers", Started(validatorLog), StringComparison.Ordinal);
        Assert.Contains("full node: follows the chain by block sync", Started(fullLog), StringComparison.Ordinal);
        Assert.DoesNotContain("producing blocks", Started(validatorLog), StringComparison.Ordinal);
        Assert.Contains(validatorLog, e => JsonLog.Id(e) == 1400 && e.GetProperty("Category").GetString() == "GridForge.Network");
        Assert.Contains(validatorLog, e => JsonLog.Id(e) == 1100);
        Assert.Contains(validatorLog, e => JsonLog.Id(e) == 1200 && JsonLog.RequestId(e) == requestId);
        Assert.Contains(validatorLog, e => JsonLog.Id(e) == 1002);
        Assert.DoesNotContain(net[0].StdoutLines, l => l.Contains("seed", StringComparison.OrdinalIgnoreCase)
            || l.Contains("private", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AValidator_IsReadyOnlyWhileValidatorsInReachHoldMoreThanTwoThirdsOfThePower()
    {
        using var net = LocalTestnet.Write(validators: 4);
        await net.StartAsync(Validators);
        await net.WaitForHeightAsync(3, Validators);
        Assert.Equal(HttpStatusCode.OK, (await Ready(net, 0)).Status);

        // Two of four gone: node0 still has a peer, but the validators it hears hold at most 2/4 of the power (the survivor
        // falls silent too once the stalled round has nothing more to vote on) — no block can be made.
        net.Kill(2);
        net.Kill(3);
        var notReady = await WaitForReadiness(net, 0, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("\"name\":\"peers\",\"ok\":false", notReady, StringComparison.Ordinal);
        Assert.Contains("not more than 2/3", notReady, StringComparison.Ordinal);
        var scrape = await Scrape(net, 0);
        Assert.Equal(0, Value(scrape, "gridforge_consensus_quorum_in_reach"));
        Assert.InRange(Value(scrape, "gridforge_consensus_power_in_reach_ratio"), 0.25, 0.5);

        await net.StartAsync(3);
        await WaitForReadiness(net, 0, HttpStatusCode.OK);
    }

    private static void SetLogLevel(string home, Microsoft.Extensions.Logging.LogLevel level) =>
        LocalTestnet.Configure(home, config => config.Log.Level = level);

    private static string Started(List<JsonElement> log) => log.Single(e => JsonLog.Id(e) == 1000).GetProperty("Message").GetString()!;

    private static async Task<string> Scrape(LocalTestnet net, int node)
    {
        var scrape = await net[node].Http.GetStringAsync("metrics");
        var (exit, output) = Promtool.Run(scrape, Path.GetTempPath(), "check", "metrics");
        Assert.True(exit == 0, $"promtool check metrics on node{node}: {output}");
        return scrape;
    }

    /// <summary>Scrapes (each scrape checked by promtool) until <paramref name="done"/> holds or 60 s pass; returns the last scrape
    /// either way, so the assertions that follow say what was missing.</summary>
    private static async Task<string> ScrapeUntil(LocalTestnet net, int node, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var scrape = await Scrape(net, node);
            if (done(scrape) || DateTime.UtcNow > deadline) return scrape;
            await Task.Delay(500);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> Ready(LocalTestnet net, int node)
    {
        using var response = await net[node].Http.GetAsync("health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> WaitForReadiness(LocalTestnet net, int node, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var (status, body) = await Ready(net, node);
            if (status == expected) return body;
            if (DateTime.UtcNow > deadline) Assert.Fail($"node{node}'s /health/ready did not answer {(int)expected} in 90 s: {body}");
            await Task.Delay(500);
        }
    }

    private static double Value(string scrape, string series) =>
        Series(scrape, series + " ").Select(s => s.Value).DefaultIfEmpty(double.NaN).Single() is var v && !double.IsNaN(v) ? v
            : throw new Xunit.Sdk.XunitException($"no series {series} in:\n{scrape}");

    /// <summary>Every series whose line starts with <paramref name="prefix"/>, with its value.</summary>
    private static List<(string Name, double Value)> Series(string scrape, string prefix) =>
        [.. scrape.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => SeriesLine().Match(l))
            .Select(m => (m.Groups[1].Value, double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"^(\S+) (\S+)$")]
    private static partial Regex SeriesLine();
}
