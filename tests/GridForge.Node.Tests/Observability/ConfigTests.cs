using GridForge.Network.Gossip;
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
    public void TheFutureTxsBounds_SetInConfigJson_ReachTheNodesNetworkOptions_AndAVariableOverridesThem()
    {
        var path = Path.Combine(_dir, "home");
        NodeHome.Init(path, new NodeHome.InitOptions());
        // Open asks only that a genesis file exist; the network options never read it.
        System.IO.File.WriteAllText(Path.Combine(path, "genesis.json"), "{}");
        Assert.Equal(FutureTxs.Limits.Default, NodeHome.Open(path).NetworkOptions().FutureTxs);
        System.IO.File.WriteAllText(Path.Combine(path, NodeConfig.FileName), """
            { "p2p": { "future_txs_max": 1000, "future_txs_max_bytes": 2097152, "future_txs_max_per_sender": 8, "future_txs_max_ahead": 32 } }
            """);

        Assert.Equal(new FutureTxs.Limits(1000, 2L * 1024 * 1024, 8, 32), NodeHome.Open(path).NetworkOptions().FutureTxs);
        var overridden = NodeConfigLoader.Load(Path.Combine(path, NodeConfig.FileName), new Dictionary<string, string>
        {
            ["GRIDFORGE_P2P__FUTURE_TXS_MAX_AHEAD"] = "512",
        }, null);
        Assert.Equal(new FutureTxs.Limits(1000, 2L * 1024 * 1024, 8, 512), overridden.Config.P2p.FutureTxsLimits());
        Assert.Empty(overridden.Warnings);
    }

    [Theory]
    [InlineData("future_txs_max", "0", "p2p.future_txs_max must be from 1 to 1000000, not 0")]
    [InlineData("future_txs_max", "-5", "p2p.future_txs_max must be from 1 to 1000000, not -5")]
    [InlineData("future_txs_max", "2000000000", "p2p.future_txs_max must be from 1 to 1000000, not 2000000000")]
    [InlineData("future_txs_max_bytes", "0", "p2p.future_txs_max_bytes must be from 1048576")]
    [InlineData("future_txs_max_bytes", "65536", "p2p.future_txs_max_bytes must be from 1048576 (the largest transaction a chain may allow)")]
    [InlineData("future_txs_max_bytes", "1099511627776", "to 4294967296, not 1099511627776")]
    [InlineData("future_txs_max_per_sender", "0", "p2p.future_txs_max_per_sender must be from 1 to p2p.future_txs_max_ahead (256), not 0")]
    [InlineData("future_txs_max_per_sender", "300", "p2p.future_txs_max_per_sender must be from 1 to p2p.future_txs_max_ahead (256), not 300")]
    [InlineData("future_txs_max_ahead", "0", "p2p.future_txs_max_ahead must be from 1 to 65536, not 0")]
    [InlineData("future_txs_max_ahead", "10000000", "p2p.future_txs_max_ahead must be from 1 to 65536, not 10000000")]
    public void AFutureTxsBoundOfZeroNegativeOrAbsurdSize_IsRefused_WithASentenceNamingItsKey(string key, string value, string message)
    {
        var e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(File($$"""{ "p2p": { "{{key}}": {{value}} } }"""), null, null));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        // The same from a variable.
        e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(null, new Dictionary<string, string>
        {
            [NodeConfigLoader.VariableOf("p2p." + key)] = value,
        }, null));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
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
