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
    public void AFutureTxsBoundOfZeroNegativeOrAbsurdSize_IsRefused_WithASentenceNamingItsKey(string key, string value, string message) =>
        AssertRefused("p2p." + key, value, message);

    /// <summary><paramref name="key"/> (section.name) set to <paramref name="json"/> is refused with <paramref name="message"/>, from the
    /// file and from its variable alike.</summary>
    private void AssertRefused(string key, string json, string message)
    {
        var (section, name) = (key.Split('.')[0], key.Split('.')[1]);
        var e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(File($$"""{ "{{section}}": { "{{name}}": {{json}} } }"""), null, null));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(null, new Dictionary<string, string>
        {
            [NodeConfigLoader.VariableOf(key)] = json.Trim('"'),
        }, null));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p2p.listen", "\"nowhere\"", "p2p.listen must be ip:port (for example 0.0.0.0:26656), or empty to accept no inbound links, not 'nowhere'")]
    [InlineData("p2p.listen", "\"example.org:26656\"", "p2p.listen must be ip:port")]
    [InlineData("p2p.listen", "\"0.0.0.0:70000\"", "p2p.listen must be ip:port")]
    [InlineData("p2p.listen", "\"localhost:70000\"", "p2p.listen must be ip:port")]
    [InlineData("p2p.max_inbound_peers", "-1", "p2p.max_inbound_peers must be from 0 to 1000, not -1")]
    [InlineData("p2p.max_inbound_peers", "1000000", "p2p.max_inbound_peers must be from 0 to 1000, not 1000000")]
    [InlineData("p2p.max_connections_per_ip", "0", "p2p.max_connections_per_ip must be from 1 to 1000, not 0")]
    [InlineData("p2p.max_connections_per_ip", "5000", "p2p.max_connections_per_ip must be from 1 to 1000, not 5000")]
    [InlineData("p2p.handshake_timeout_ms", "0", "p2p.handshake_timeout_ms must be from 1000 to 120000, not 0")]
    [InlineData("p2p.handshake_timeout_ms", "86400000", "p2p.handshake_timeout_ms must be from 1000 to 120000, not 86400000")]
    [InlineData("p2p.idle_timeout_ms", "-30000",
        "p2p.idle_timeout_ms must be from 10000 (twice the 5 s between a peer's status messages) to 3600000, not -30000")]
    [InlineData("p2p.idle_timeout_ms", "2147483647", "p2p.idle_timeout_ms must be from 10000")]
    [InlineData("p2p.ban_minutes", "-1", "p2p.ban_minutes must be from 0 to 10080, not -1")]
    [InlineData("p2p.ban_minutes", "2147483647", "p2p.ban_minutes must be from 0 to 10080, not 2147483647")]
    [InlineData("p2p.max_message_bytes", "1048576",
        "p2p.max_message_bytes must be from 20971520 (a block at the chain's upper limit with its commit) to 268435456, not 1048576")]
    [InlineData("p2p.max_message_bytes", "2147483647", "p2p.max_message_bytes must be from 20971520")]
    [InlineData("p2p.peer_receive_bytes_per_second", "0",
        "p2p.peer_receive_bytes_per_second must be from 838861 (p2p.max_message_bytes per p2p.idle_timeout_ms) to 17179869184, not 0")]
    [InlineData("p2p.peer_receive_bytes_per_second", "-1", "p2p.peer_receive_bytes_per_second must be from 838861")]
    [InlineData("p2p.peer_receive_bytes_per_second", "9223372036854775807", "to 17179869184, not 9223372036854775807")]
    [InlineData("consensus.propose_ms", "0", "consensus.propose_ms must be from 1 to 3600000, not 0")]
    [InlineData("consensus.propose_delta_ms", "-500", "consensus.propose_delta_ms must be from 0 to 3600000, not -500")]
    [InlineData("consensus.prevote_ms", "-1", "consensus.prevote_ms must be from 1 to 3600000, not -1")]
    [InlineData("consensus.prevote_delta_ms", "3600001", "consensus.prevote_delta_ms must be from 0 to 3600000, not 3600001")]
    [InlineData("consensus.precommit_ms", "86400000", "consensus.precommit_ms must be from 1 to 3600000, not 86400000")]
    [InlineData("consensus.precommit_delta_ms", "9223372036854775807", "consensus.precommit_delta_ms must be from 0 to 3600000, not 9223372036854775807")]
    public void ALinkOrTimeoutValueOutOfItsRange_IsRefused_WithASentenceNamingItsKey(string key, string json, string message) =>
        AssertRefused(key, json, message);

    [Theory]
    [InlineData("not-a-peer", "p2p.persistent_peers: 'not-a-peer' is not id@host:port")]
    [InlineData("XYZ@127.0.0.1:26656", "p2p.persistent_peers: 'XYZ' is not a node id (40 lowercase hexadecimal characters)")]
    [InlineData("0123456789abcdef0123456789abcdef01234567@127.0.0.1", "p2p.persistent_peers: '127.0.0.1' is not host:port")]
    [InlineData("0123456789abcdef0123456789abcdef01234567@host:0", "p2p.persistent_peers: 'host:0' is not host:port")]
    public void AMalformedPersistentPeer_IsRefusedAtLoad_AsTheDialerReadsIt(string peer, string message)
    {
        const string good = "0123456789abcdef0123456789abcdef01234567@peer.example.org:26656";
        var e = Assert.Throws<NodeConfigException>(() =>
            NodeConfigLoader.Load(File($$"""{ "p2p": { "persistent_peers": ["{{good}}", "{{peer}}"] } }"""), null, null));
        Assert.Equal(message, e.Message);
        e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(null, new Dictionary<string, string>
        {
            ["GRIDFORGE_P2P__PERSISTENT_PEERS"] = $"{good},{peer}",
        }, null));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void TheLowestAndHighestValues_OfEachRange_AndAnEmptyListen_AreAccepted()
    {
        var low = NodeConfigLoader.Load(File("""
            { "p2p": { "listen": "", "max_inbound_peers": 0, "max_connections_per_ip": 1, "handshake_timeout_ms": 1000, "idle_timeout_ms": 10000,
              "ban_minutes": 0, "max_message_bytes": 20971520, "peer_receive_bytes_per_second": 2097152,
              "persistent_peers": ["0123456789abcdef0123456789abcdef01234567@[::1]:1"] },
              "consensus": { "propose_ms": 1, "propose_delta_ms": 0, "prevote_ms": 1, "prevote_delta_ms": 0, "precommit_ms": 1, "precommit_delta_ms": 0 } }
            """), null, null).Config;
        Assert.Empty(low.Problems());
        var high = NodeConfigLoader.Load(File("""
            { "p2p": { "listen": "[::]:65535", "max_inbound_peers": 1000, "max_connections_per_ip": 1000, "handshake_timeout_ms": 120000,
              "idle_timeout_ms": 3600000, "ban_minutes": 10080, "max_message_bytes": 268435456, "peer_receive_bytes_per_second": 17179869184 },
              "consensus": { "propose_ms": 3600000, "propose_delta_ms": 3600000, "prevote_ms": 3600000, "prevote_delta_ms": 3600000,
              "precommit_ms": 3600000, "precommit_delta_ms": 3600000 } }
            """), null, null).Config;
        Assert.Empty(high.Problems());
        Assert.Empty(NodeConfigLoader.Load(File("""{ "p2p": { "listen": "localhost:26656" } }"""), null, null).Config.Problems());
    }

    [Fact]
    public void TheReceiveRate_MustReadTheLargestMessage_WithinTheIdleTimeout()
    {
        // 24 MiB in 10 s: at least 2,516,583 bytes a second.
        var e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(File("""
            { "p2p": { "idle_timeout_ms": 10000, "peer_receive_bytes_per_second": 2516582 } }
            """), null, null));
        Assert.Equal("p2p.peer_receive_bytes_per_second must be from 2516583 (p2p.max_message_bytes per p2p.idle_timeout_ms) to 17179869184, not 2516582",
            e.Message);
        Assert.Empty(NodeConfigLoader.Load(File("""{ "p2p": { "idle_timeout_ms": 10000, "peer_receive_bytes_per_second": 2516583 } }"""), null, null)
            .Config.Problems());
    }

    [Fact]
    public void SeveralProblems_AreAllSaid_InOneMessage()
    {
        var e = Assert.Throws<NodeConfigException>(() => NodeConfigLoader.Load(File("""
            { "p2p": { "listen": "nowhere", "ban_minutes": -1 }, "consensus": { "prevote_ms": 0 } }
            """), null, null));
        Assert.Equal("p2p.listen must be ip:port (for example 0.0.0.0:26656), or empty to accept no inbound links, not 'nowhere'; " +
            "p2p.ban_minutes must be from 0 to 10080, not -1; consensus.prevote_ms must be from 1 to 3600000, not 0", e.Message);
    }

    [Fact]
    public void TheDefaults_AndWhatInitAndTestnetWrite_HaveNoProblems()
    {
        Assert.Empty(new NodeConfig().Problems());
        Assert.Empty(NodeConfigLoader.Load(null, null, null).Config.Problems());
        var home = Path.Combine(_dir, "home");
        NodeHome.Init(home, new NodeHome.InitOptions { Validator = true });
        Assert.Empty(NodeConfig.Load(Path.Combine(home, NodeConfig.FileName)).Problems());
        foreach (var node in Testnet.Write(Path.Combine(_dir, "net"), new Testnet.Options { Validators = 2, FullNodes = 1 }))
        {
            Assert.Empty(NodeConfig.Load(Path.Combine(node.Home, NodeConfig.FileName)).Problems());
            Assert.NotEmpty(NodeHome.Open(node.Home).NetworkOptions().PersistentPeers);
        }
    }

    [Fact]
    public void Init_RefusesAListenAddressTheNodeWouldRefuse_AndWritesNothing()
    {
        var home = Path.Combine(_dir, "bad-home");
        var e = Assert.Throws<NodeHomeException>(() => NodeHome.Init(home, new NodeHome.InitOptions { P2pListen = "nowhere:26656" }));
        Assert.StartsWith("p2p.listen must be ip:port", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(home));
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
