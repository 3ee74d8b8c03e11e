using System.Text.RegularExpressions;

namespace GridForge.Node.Tests.Observability;

/// <summary>The Prometheus alert rules in ops/prometheus: valid for promtool, and their unit tests (a node that stops making
/// blocks fires GridForgeNoBlock; a nearly full disk and a full mempool fire theirs) pass.</summary>
public sealed partial class AlertRulesTests
{
    private static string Dir => Path.Combine(Repository.Root, "ops", "prometheus");

    [Fact]
    public void AlertRules_PassPromtoolCheckRules()
    {
        var (exit, output) = Promtool.Run(null, Dir, "check", "rules", "gridforge-alerts.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void NoBlockAlert_FiresWhenProductionStops_InPromtoolsRuleTests()
    {
        var (exit, output) = Promtool.Run(null, Dir, "test", "rules", "gridforge-alerts.test.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        Assert.Contains("alertname: GridForgeNoBlock", File.ReadAllText(Path.Combine(Dir, "gridforge-alerts.test.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void ExamplePrometheusConfig_PassesPromtoolCheckConfig()
    {
        var (exit, output) = Promtool.Run(null, Dir, "check", "config", "prometheus.example.yml");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void PeersBelowQuorumAlert_FiresOnThePeersAndQuorumInReachTheNodeExports_InPromtoolsRuleTests()
    {
        var rules = File.ReadAllText(Path.Combine(Dir, "gridforge-alerts.yml"));
        var rule = rules[rules.IndexOf("alert: GridForgePeersBelowQuorum", StringComparison.Ordinal)..];
        var expr = rule[rule.IndexOf("expr:", StringComparison.Ordinal)..rule.IndexOf('\n', rule.IndexOf("expr:", StringComparison.Ordinal))];
        Assert.Contains("gridforge_p2p_peers", expr, StringComparison.Ordinal);
        Assert.Contains("gridforge_p2p_min_peers", expr, StringComparison.Ordinal);
        Assert.Contains("gridforge_consensus_quorum_in_reach", expr, StringComparison.Ordinal);
        var tests = File.ReadAllText(Path.Combine(Dir, "gridforge-alerts.test.yml"));
        Assert.Contains("alertname: GridForgePeersBelowQuorum", tests, StringComparison.Ordinal);
        var (exit, output) = Promtool.Run(null, Dir, "test", "rules", "gridforge-alerts.test.yml");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void AlertRules_UseOnlyMetricsDocumentedInOperationsMd()
    {
        var rules = File.ReadAllText(Path.Combine(Dir, "gridforge-alerts.yml"));
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "operations.md"));
        foreach (var name in MetricName().Matches(rules).Select(m => m.Value).Distinct())
        {
            Assert.True(Regex.IsMatch(docs, $"`{name}[`{{]"), $"the alert rules use {name}, which docs/operations.md does not list");
        }
    }

    // Series names in expressions (not the alerts' own names, which are CamelCase).
    [GeneratedRegex("(?<![A-Za-z_{$.])gridforge_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
