namespace GridForge.Node.Tests.Observability;

/// <summary>The Prometheus alert rules in ops/prometheus: valid for promtool, and their unit tests (a node that stops making
/// blocks fires GridForgeNoBlock; a nearly full disk and a full mempool fire theirs) pass.</summary>
public sealed class AlertRulesTests
{
    private static string Dir => Path.Combine(Promtool.RepositoryRoot(), "ops", "prometheus");

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
}
