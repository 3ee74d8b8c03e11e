using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using GridForge.Matching;

namespace GridForge.Node.Tests.Observability;

/// <summary><c>/metrics</c> on a real node: the Prometheus text format (checked by promtool), the chain's figures as they are,
/// and labels that stay a small closed set.</summary>
public sealed partial class MetricsTests : InProcessNodeTest
{
    private static readonly SlotId Slot = new((Time / 900) + 4);
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Sha256("metrics test meter"u8).ToArray());

    private async Task<string> Scrape()
    {
        var response = await _http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Value(string scrape, string series)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no series {series} in:\n{scrape}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_PassPromtoolCheck_AndCountBlocksTradesAndRefusals()
    {
        await Commit("dso", new RegisterMeterMessage(Meter.Id, DevAccounts.AddressOf("alice"), new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar,
            8_000, new Wh(0), new Wh(0), "PV-1"));
        await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000), new Wh(1_500)));
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(70_000), new Wh(1_000)));
        // A transaction whose nonce was used: refused at admission as nonce_replayed.
        var replay = Transaction.Sign(DevAccounts.Key("alice"), DevChain.ChainId, 0, 100, 10_000,
            new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1)));
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.PostAsJsonAsync("api/v1/transactions",
            new SubmitRequest(Convert.ToHexStringLower(replay.Encoded)))).StatusCode);

        var scrape = await Scrape();
        var (exit, output) = Promtool.Run(scrape, Path.GetTempPath(), "check", "metrics");
        Assert.True(exit == 0, $"promtool check metrics: {output}");
        Assert.Equal(3, Value(scrape, "gridforge_chain_height"));
        Assert.Equal(3, Value(scrape, "gridforge_block_transactions_count"));
        Assert.Equal(3, Value(scrape, "gridforge_block_transactions_sum"));
        Assert.Equal(3, Value(scrape, "gridforge_transactions_committed_total{outcome=\"success\"}"));
        Assert.Equal(3, Value(scrape, "gridforge_admission_admitted_total"));
        Assert.Equal(1, Value(scrape, "gridforge_admission_refused_total{code=\"nonce_replayed\"}"));
        Assert.Equal(1, Value(scrape, "gridforge_market_trades_total{buy_zone=\"Z1\",sell_zone=\"Z1\"}"));
        Assert.Equal(1_000 * 3600, Value(scrape, "gridforge_market_traded_energy_joules_total{buy_zone=\"Z1\",sell_zone=\"Z1\"}"));
        Assert.Equal(3, Value(scrape, "gridforge_block_commit_seconds_count"));
        Assert.Equal(_host.Chain.CommittedState.Count, Value(scrape, "gridforge_state_keys"));
        Assert.Equal(0, Value(scrape, "gridforge_mempool_transactions"));
        Assert.True(Value(scrape, "gridforge_storage_database_bytes") > 0);
        Assert.True(Value(scrape, "dotnet_gc_allocated_bytes_total") > 0);
        Assert.True(Value(scrape, "dotnet_threadpool_threads") > 0);
        // The dev chain's one validator decided every height in its first round and signed every commit.
        var validator = DevAccounts.AddressOf("validator");
        Assert.Equal(3, Value(scrape, "gridforge_consensus_rounds_per_height_count"));
        Assert.Equal(3, Value(scrape, "gridforge_consensus_rounds_per_height_bucket{le=\"1\"}"));
        Assert.Equal(0, Value(scrape, "gridforge_consensus_last_commit_round"));
        Assert.Equal(1, Value(scrape, "gridforge_consensus_last_commit_signed_power_ratio"));
        Assert.Equal(3, Value(scrape, $"gridforge_validator_signed_blocks_total{{validator=\"{validator}\"}}"));
        Assert.DoesNotContain($"gridforge_validator_missed_blocks_total{{validator=", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiMetrics_LabelARequestByItsRouteTemplate_NeverByTheAddressInIt()
    {
        var alice = DevAccounts.AddressOf("alice");
        var response = await _http.GetAsync($"api/v1/accounts/{alice}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("X-Request-Id", out var ids) && ids.Single().Length > 0);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/v1/no-such-thing/0123456789")).StatusCode);

        var scrape = await Scrape();
        Assert.Equal(1, Value(scrape, "gridforge_api_requests_total{route=\"/api/v1/accounts/{address}\",method=\"GET\",status=\"200\"}"));
        Assert.Equal(1, Value(scrape, "gridforge_api_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}"));
        Assert.DoesNotContain(alice.ToString(), scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrafanaDashboard_QueriesOnlyMetricsTheNodeExportsOrDocuments()
    {
        var root = Repository.Root;
        var dashboard = await File.ReadAllTextAsync(Path.Combine(root, "ops", "grafana", "gridforge-node.json"));
        var docs = await File.ReadAllTextAsync(Path.Combine(root, "docs", "operations.md"));
        // A labelled series appears once observed: one API request first.
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/v1/status")).StatusCode);
        var scrape = await Scrape();
        var exported = MetricName().Matches(scrape).Select(m => m.Value).ToHashSet();
        foreach (var name in MetricName().Matches(dashboard).Select(m => m.Value).Distinct())
        {
            var family = Regex.Replace(name, "_(bucket|sum|count)$", "");
            Assert.True(exported.Contains(name) || exported.Contains(family + "_count") || Regex.IsMatch(docs, $"`{family}[`{{]"),
                $"the dashboard queries {name}, which the node neither exports nor documents");
        }
    }

    [GeneratedRegex("(gridforge|dotnet|process)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
