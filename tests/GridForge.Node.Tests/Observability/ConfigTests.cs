using GridForge.Node.Home;
using GridForge.Node.Observability;
using Microsoft.Extensions.Logging;

namespace GridForge.Node.Tests.Observability;

/// <summary>The node's configuration: defaults, then config.json, then GRIDFORGE_* variables, then flags; unknown keys refused
/// in the file, warned about in the environment; every key documented.</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gridforge-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string File(string json)
    {
        var path = Path.Combine(_dir, NodeConfig.FileName);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void EachLayer_OverridesTheOneBefore_FileThenEnvironmentThenFlags()
    {
        var file = File("""
            { "api": { "listen": "0.0.0.0:9000" }, "mempool": { "max_transactions": 1000, "max_bytes": 100000 }, "log": { "level": "debug" } }
            """);
        var environment = new Dictionary<string, string> { ["GRIDFORGE_MEMPOOL__MAX_TRANSACTIONS"] = "2000", ["GRIDFORGE_LOG__FORMAT"] = "json", ["PATH"] =
            "/bin" };
        var flags = new Dictionary<string, string?> { ["log.format"] = "text", ["data_dir"] = null };
        var loaded = NodeConfigLoader.Load(file, environment, flags);
        var c = loaded.Config;
        Assert.Equal("0.0.0.0:9000", c.Api.Listen);
        Assert.Equal(2000, c.Mempool.MaxTransactions);
        Assert.Equal(100_000, c.Mempool.MaxBytes);
        Assert.Equal(10_000, c.Mempool.MaxPerAccount);
        Assert.Equal(LogLevel.Debug, c.Log.Level);
        Assert.Equal(LogFormat.Text, c.Log.Format);
        Assert.Equal("data", c.DataDir);
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void AnUnknownKeyInTheFile_IsAnErrorNamingIt()
    {
        var file = File("""{ "api": { "listn": "0.0.0.0:9000" } }""");
        var e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(file, null, null));
        Assert.Contains("api.listn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadValue_IsAnErrorNamingItsKey()
    {
        Assert.Contains("api.listen", Assert.Throws<NodeConfigException>(
            () => NodeConfigLoader.Load(File("""{ "api": { "listen": "nowhere" } }"""), null, null)).Message, StringComparison.Ordinal);
        Assert.Contains("max_bytes", Assert.Throws<NodeConfigException>(
            () => NodeConfigLoader.Load(File("""{ "mempool": { "max_bytes": "lots" } }"""), null, null)).Message, StringComparison.Ordinal);
        Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(File("{ not json"), null, null));
    }

    [Fact]
    public void AnUnknownGridforgeVariable_IsAWarning_NotAnError_AndTheToolsOwnVariablesAreNeither()
    {
        var loaded = NodeConfigLoader.Load(null, new Dictionary<string, string> { ["GRIDFORGE_SCREENSHOT"] = "x.png", ["GRIDFORGE_API__LISTEN"] =
            "127.0.0.1:9999", ["GRIDFORGE_PARENT_PID"] = "1", ["GRIDFORGE_NODE"] = "http://127.0.0.1:1", ["GRIDFORGE_MQTT_PASSWORD"] = "x" }, null);
        Assert.Equal("127.0.0.1:9999", loaded.Config.Api.Listen);
        Assert.Equal("GRIDFORGE_SCREENSHOT is not a configuration key (ignored)", Assert.Single(loaded.Warnings));
    }

    [Fact]
    public void TheEffectiveConfiguration_ReadsBackAsTheSameConfiguration()
    {
        var config = NodeConfigLoader.Load(File("""{ "validator_key_file": "keys/v.json", "mqtt": { "listen": "off" }, "storage": { "min_free_bytes": 5 } }"""),
            null, null).Config;
        var again = NodeConfigLoader.Load(File(config.ToJson()), null, null).Config;
        Assert.Equal(config.ToJson(), again.ToJson());
        Assert.Equal("keys/v.json", again.ValidatorKeyFile);
    }

    [Fact]
    public void EveryKey_IsDocumentedWithItsDefaultAndVariable_InOperationsMd()
    {
        var docs = System.IO.File.ReadAllText(Path.Combine(Repository.Root, "docs", "operations.md"));
        foreach (var (key, value, _) in NodeConfigLoader.Keys())
        {
            var row = docs.Split('\n').FirstOrDefault(l => l.StartsWith($"| `{key}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/operations.md has no row for {key}");
            Assert.Contains($"`{NodeConfigLoader.VariableOf(key)}`", row, StringComparison.Ordinal);
            Assert.Contains(value is null ? "(unset)" : $"`{value}`", row, StringComparison.Ordinal);
        }
    }
}
