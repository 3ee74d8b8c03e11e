using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Network.Gossip;
using GridForge.Network.Peers;
using GridForge.Network.Transport;
using GridForge.Runtime.Modules.Auth;
using GridForge.Node.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GridForge.Node.Home;

/// <summary>A node home's <c>config.json</c>: where the node's files are (relative to the home), where it listens, whom it keeps
/// connected, and its node-local limits (nothing here is a consensus rule: those are in the genesis file). Each key can be overridden by an
/// environment variable (<c>GRIDFORGE_API__LISTEN</c> for <c>api.listen</c>) and some by flags; every key, its default and
/// its variable are in docs/operations.md. <see cref="NodeConfigLoader"/> builds the effective one.</summary>
public sealed class NodeConfig
{
    public const string FileName = "config.json";

    /// <summary>The chain's SQLite database and its files.</summary>
    [JsonPropertyName("data_dir"), ConfigurationKeyName("data_dir")]
    public string DataDir { get; set; } = "data";

    /// <summary>The network's genesis document; read when the data directory holds no chain yet.</summary>
    [JsonPropertyName("genesis_file"), ConfigurationKeyName("genesis_file")]
    public string GenesisFile { get; set; } = "genesis.json";

    /// <summary>The validator's signing key; absent on a node that makes no blocks.</summary>
    [JsonPropertyName("validator_key_file"), ConfigurationKeyName("validator_key_file")]
    public string? ValidatorKeyFile { get; set; }

    [JsonPropertyName("api"), ConfigurationKeyName("api")]
    public ApiConfig Api { get; set; } = new();

    [JsonPropertyName("log"), ConfigurationKeyName("log")]
    public LogConfig Log { get; set; } = new();

    [JsonPropertyName("mempool"), ConfigurationKeyName("mempool")]
    public MempoolConfig Mempool { get; set; } = new();

    [JsonPropertyName("storage"), ConfigurationKeyName("storage")]
    public StorageConfig Storage { get; set; } = new();

    [JsonPropertyName("mqtt"), ConfigurationKeyName("mqtt")]
    public MqttConfig Mqtt { get; set; } = new();

    /// <summary>A name for this node in logs and <c>/api/v1/network</c>.</summary>
    [JsonPropertyName("moniker"), ConfigurationKeyName("moniker")]
    public string Moniker { get; set; } = "node";

    /// <summary>The node's Ed25519 key that authenticates its peer links (not the validator key).</summary>
    [JsonPropertyName("node_key_file"), ConfigurationKeyName("node_key_file")]
    public string NodeKeyFile { get; set; } = "node_key.json";

    /// <summary>The validator's last signed height, round and step (the double-sign guard's durable record).</summary>
    [JsonPropertyName("sign_state_file"), ConfigurationKeyName("sign_state_file")]
    public string SignStateFile { get; set; } = "sign_state.bin";

    [JsonPropertyName("p2p"), ConfigurationKeyName("p2p")]
    public P2pConfig P2p { get; set; } = new();

    [JsonPropertyName("consensus"), ConfigurationKeyName("consensus")]
    public ConsensusTimeouts Consensus { get; set; } = new();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The configuration as the file holds it (every key, null ones included so that each is visible).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a config file alone (no environment, no flags); an unknown key or a malformed value is an error
    /// naming the file: a typo in an operator's config must not silently fall back to a default.</summary>
    public static NodeConfig Load(string path) => NodeConfigLoader.Load(path, environment: null, flags: null).Config;

    /// <summary>What is wrong with the values (each a sentence naming its key); empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDir)) problems.Add("data_dir must name a directory");
        if (!ApiConfig.TryParseListen(Api.Listen, out _)) problems.Add($"api.listen must be host:port, not '{Api.Listen}'");
        if (Mempool.MaxTransactions < 1) problems.Add("mempool.max_transactions must be at least 1");
        if (Mempool.MaxBytes < 1024) problems.Add("mempool.max_bytes must be at least 1024");
        if (Mempool.MaxPerAccount < 1) problems.Add("mempool.max_per_account must be at least 1");
        if (Storage.MinFreeBytes < 0) problems.Add("storage.min_free_bytes must not be negative");
        if (P2p.MinPeers < 0) problems.Add("p2p.min_peers must not be negative");
        problems.AddRange(P2p.LinkProblems());
        problems.AddRange(P2p.FutureTxsProblems());
        problems.AddRange(Consensus.Problems());
        return problems;
    }

    /// <summary>"{key} must be from {min} to {max}, not {value}" when <paramref name="value"/> is outside the inclusive bounds;
    /// <paramref name="minReason"/> follows the lower bound (why it is that).</summary>
    internal static string? OutOfRange(string key, long value, long min, long max, string minReason = "") =>
        value >= min && value <= max ? null : $"{key} must be from {min}{minReason} to {max}, not {value}";
}

public sealed class ApiConfig
{
    /// <summary>host:port of the REST API, dashboard, streams, <c>/metrics</c> and <c>/health</c>.</summary>
    [JsonPropertyName("listen"), ConfigurationKeyName("listen")]
    public string Listen { get; set; } = "127.0.0.1:8080";

    public static bool TryParseListen(string text, out Uri? url)
    {
        url = null;
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            && Uri.TryCreate("http://" + text, UriKind.Absolute, out url);
    }
}

public sealed class LogConfig
{
    /// <summary><c>auto</c> (text on a terminal, JSON lines otherwise), <c>json</c> or <c>text</c>.</summary>
    [JsonPropertyName("format"), ConfigurationKeyName("format")]
    public LogFormat Format { get; set; } = LogFormat.Auto;

    /// <summary>The least severe level written: <c>trace</c>, <c>debug</c>, <c>information</c>, <c>warning</c>, <c>error</c>, <c>critical</c>.</summary>
    [JsonPropertyName("level"), ConfigurationKeyName("level")]
    public LogLevel Level { get; set; } = LogLevel.Information;
}

public sealed class MempoolConfig
{
    [JsonPropertyName("max_transactions"), ConfigurationKeyName("max_transactions")]
    public int MaxTransactions { get; set; } = 500_000;

    [JsonPropertyName("max_bytes"), ConfigurationKeyName("max_bytes")]
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    [JsonPropertyName("max_per_account"), ConfigurationKeyName("max_per_account")]
    public int MaxPerAccount { get; set; } = 10_000;
}

public sealed class StorageConfig
{
    /// <summary>Readiness fails (and the disk alert fires) below this much free space on the data directory's filesystem.</summary>
    [JsonPropertyName("min_free_bytes"), ConfigurationKeyName("min_free_bytes")]
    public long MinFreeBytes { get; set; } = 256L * 1024 * 1024;
}

/// <summary>The MQTT gateway for meters (docs/meters-mqtt.md): the embedded broker, an external one, or none.</summary>
public sealed class MqttConfig
{
    /// <summary>host:port of the embedded broker, or <c>off</c>; unset: off, except on a dev node (127.0.0.1:1883).</summary>
    [JsonPropertyName("listen"), ConfigurationKeyName("listen")]
    public string? Listen { get; set; }

    /// <summary><c>mqtt://host[:port]</c> or <c>mqtts://host[:port]</c>: take readings from this broker instead.</summary>
    [JsonPropertyName("broker"), ConfigurationKeyName("broker")]
    public string? Broker { get; set; }

    /// <summary>A JSON file with the external broker's username, password, ca, cert, key and client_id.</summary>
    [JsonPropertyName("config_file"), ConfigurationKeyName("config_file")]
    public string? ConfigFile { get; set; }

    /// <summary>The gateway's account key: it signs the readings' batches and pays their fees.</summary>
    [JsonPropertyName("gateway_key_file"), ConfigurationKeyName("gateway_key_file")]
    public string? GatewayKeyFile { get; set; }
}

/// <summary>A configuration that cannot be used as it is: a malformed file, an unknown key, a bad value.</summary>
public sealed class NodeConfigException(string message) : Exception(message);

public sealed class P2pConfig
{
    /// <summary>ip:port the peer-to-peer listener binds (0.0.0.0 for every interface); empty: accept no inbound links.</summary>
    [JsonPropertyName("listen"), ConfigurationKeyName("listen")]
    public string Listen { get; set; } = "0.0.0.0:26656";

    /// <summary>Peers dialed and redialed for as long as the node runs: <c>node-id@host:port</c>.</summary>
    [JsonPropertyName("persistent_peers"), ConfigurationKeyName("persistent_peers")]
    public List<string> PersistentPeers { get; set; } = [];

    /// <summary>Readiness (<c>/health/ready</c>) needs at least this many connected peers (0: a network of one validator).</summary>
    [JsonPropertyName("min_peers"), ConfigurationKeyName("min_peers")]
    public int MinPeers { get; set; } = 1;

    [JsonPropertyName("max_inbound_peers"), ConfigurationKeyName("max_inbound_peers")]
    public int MaxInboundPeers { get; set; } = 40;

    [JsonPropertyName("max_connections_per_ip"), ConfigurationKeyName("max_connections_per_ip")]
    public int MaxConnectionsPerIp { get; set; } = 32;

    [JsonPropertyName("handshake_timeout_ms"), ConfigurationKeyName("handshake_timeout_ms")]
    public int HandshakeTimeoutMs { get; set; } = 10_000;

    [JsonPropertyName("idle_timeout_ms"), ConfigurationKeyName("idle_timeout_ms")]
    public int IdleTimeoutMs { get; set; } = 30_000;

    [JsonPropertyName("ban_minutes"), ConfigurationKeyName("ban_minutes")]
    public int BanMinutes { get; set; } = 10;

    [JsonPropertyName("max_message_bytes"), ConfigurationKeyName("max_message_bytes")]
    public int MaxMessageBytes { get; set; } = 24 * 1024 * 1024;

    [JsonPropertyName("peer_receive_bytes_per_second"), ConfigurationKeyName("peer_receive_bytes_per_second")]
    public long PeerReceiveBytesPerSecond { get; set; } = 64L * 1024 * 1024;

    // The bounds of the link keys (docs/network.md, "Limits"); a value beyond them is a typo, not a choice.
    private const int MaxInboundPeersLimit = 1_000;
    private const int MaxConnectionsPerIpLimit = 1_000;
    // A TLS 1.3 handshake with a peer across continents, certificate checks included, takes a good part of a second; longer than
    // two minutes, half-open connections (slowloris) hold sockets for nothing.
    private const int HandshakeTimeoutMinMs = 1_000;
    private const int HandshakeTimeoutMaxMs = 120_000;
    // Peers send a status every 5 s (NetworkOptions.StatusInterval): a link must stay open across a status that comes late.
    private const int IdleTimeoutMinMs = 10_000;
    private const int IdleTimeoutMaxMs = 60 * 60 * 1000;
    private const int BanMinutesLimit = 7 * 24 * 60;
    // A message must hold a block whose transactions fill auth.max_block_bytes at its upper bound (governance may raise it there at
    // any time), plus what goes around them: its header and evidence (64 × 320 bytes), its last commit and, in block sync, its
    // own commit (each at most 10,000 signatures of 96 bytes), and each transaction's 4-byte length — well under 4 MiB.
    private const int MessageBytesAroundBlock = 4 * 1024 * 1024;
    private static readonly int MaxMessageBytesMin = checked((int)AuthModule.MaxBlockBytes.Max + MessageBytesAroundBlock);
    // gRPC buffers a whole message: one peer's single message may cost this much memory.
    private const int MaxMessageBytesLimit = 256 * 1024 * 1024;
    // Faster than a 100 Gbit/s link: a larger value is a typo (any value this large already means "unlimited").
    private const long PeerReceiveBytesPerSecondLimit = 16L * 1024 * 1024 * 1024;

    /// <summary>What is wrong with the keys of the peer links (each a sentence naming its key): the listen address and the
    /// persistent peers as the listener and the dialer read them, and the limits.</summary>
    internal IEnumerable<string> LinkProblems()
    {
        if (!string.IsNullOrWhiteSpace(Listen) && !P2pServer.TryParseEndpoint(Listen, out _))
        {
            yield return $"p2p.listen must be ip:port (for example 0.0.0.0:26656), or empty to accept no inbound links, not '{Listen}'";
        }

        foreach (var peer in PersistentPeers)
        {
            if (!PeerAddress.TryParse(peer, out _, out var error)) yield return $"p2p.persistent_peers: {error}";
        }

        var idle = NodeConfig.OutOfRange("p2p.idle_timeout_ms", IdleTimeoutMs, IdleTimeoutMinMs, IdleTimeoutMaxMs,
            " (twice the 5 s between a peer's status messages)");
        var message = NodeConfig.OutOfRange("p2p.max_message_bytes", MaxMessageBytes, MaxMessageBytesMin, MaxMessageBytesLimit,
            " (a block at the chain's upper limit with its commit)");
        // A largest message must be read at this rate before its link counts as idle (the link's reader waits within the idle time).
        var rateMin = idle is null && message is null ? ((MaxMessageBytes * 1000L) + IdleTimeoutMs - 1) / IdleTimeoutMs : 1;
        string?[] ranges =
        [
            NodeConfig.OutOfRange("p2p.max_inbound_peers", MaxInboundPeers, 0, MaxInboundPeersLimit),
            NodeConfig.OutOfRange("p2p.max_connections_per_ip", MaxConnectionsPerIp, 1, MaxConnectionsPerIpLimit),
            NodeConfig.OutOfRange("p2p.handshake_timeout_ms", HandshakeTimeoutMs, HandshakeTimeoutMinMs, HandshakeTimeoutMaxMs),
            idle,
            NodeConfig.OutOfRange("p2p.ban_minutes", BanMinutes, 0, BanMinutesLimit),
            message,
            NodeConfig.OutOfRange("p2p.peer_receive_bytes_per_second", PeerReceiveBytesPerSecond, rateMin, PeerReceiveBytesPerSecondLimit,
                rateMin > 1 ? " (p2p.max_message_bytes per p2p.idle_timeout_ms)" : ""),
        ];
        foreach (var problem in ranges.OfType<string>()) yield return problem;
    }

    // Peers' transactions kept because they arrived before an earlier nonce of their sender (FutureTxs; docs/network.md, "Gossip").

    /// <summary>Kept transactions in all; beyond, the oldest is forgotten.</summary>
    [JsonPropertyName("future_txs_max"), ConfigurationKeyName("future_txs_max")]
    public int FutureTxsMax { get; set; } = FutureTxs.Limits.Default.Count;

    /// <summary>Kept bytes in all; beyond, the oldest is forgotten.</summary>
    [JsonPropertyName("future_txs_max_bytes"), ConfigurationKeyName("future_txs_max_bytes")]
    public long FutureTxsMaxBytes { get; set; } = FutureTxs.Limits.Default.Bytes;

    /// <summary>Kept transactions of one sender; beyond, a new one is not kept.</summary>
    [JsonPropertyName("future_txs_max_per_sender"), ConfigurationKeyName("future_txs_max_per_sender")]
    public int FutureTxsMaxPerSender { get; set; } = FutureTxs.Limits.Default.PerSender;

    /// <summary>How far past its sender's next nonce a transaction may be and still be kept.</summary>
    [JsonPropertyName("future_txs_max_ahead"), ConfigurationKeyName("future_txs_max_ahead")]
    public int FutureTxsMaxAhead { get; set; } = (int)FutureTxs.Limits.Default.MaxAhead;

    // The largest future_txs values that make sense (a larger one is a typo, not a choice); bytes must hold the largest
    // transaction a chain may allow (auth.max_tx_bytes ≤ 1 MiB), and one sender can have no more kept than nonces ahead.
    private const int FutureTxsMaxLimit = 1_000_000;
    private const long FutureTxsMinBytes = 1024 * 1024;
    private const long FutureTxsMaxBytesLimit = 4L * 1024 * 1024 * 1024;
    private const int FutureTxsMaxAheadLimit = 65_536;

    /// <summary>What is wrong with the future_txs values (each a sentence naming its key).</summary>
    internal IEnumerable<string> FutureTxsProblems()
    {
        if (FutureTxsMax is < 1 or > FutureTxsMaxLimit) yield return $"p2p.future_txs_max must be from 1 to {FutureTxsMaxLimit}, not {FutureTxsMax}";
        if (FutureTxsMaxBytes is < FutureTxsMinBytes or > FutureTxsMaxBytesLimit)
        {
            yield return $"p2p.future_txs_max_bytes must be from {FutureTxsMinBytes} (the largest transaction a chain may allow) " +
                $"to {FutureTxsMaxBytesLimit}, not {FutureTxsMaxBytes}";
        }

        if (FutureTxsMaxAhead is < 1 or > FutureTxsMaxAheadLimit)
        {
            yield return $"p2p.future_txs_max_ahead must be from 1 to {FutureTxsMaxAheadLimit}, not {FutureTxsMaxAhead}";
        }
        else if (FutureTxsMaxPerSender < 1 || FutureTxsMaxPerSender > FutureTxsMaxAhead)
        {
            yield return $"p2p.future_txs_max_per_sender must be from 1 to p2p.future_txs_max_ahead ({FutureTxsMaxAhead}), not {FutureTxsMaxPerSender}";
        }
    }

    /// <summary>The bounds the future_txs keys set (values already checked by <see cref="FutureTxsProblems"/>).</summary>
    public FutureTxs.Limits FutureTxsLimits() => new(FutureTxsMax, FutureTxsMaxBytes, FutureTxsMaxPerSender, (ulong)FutureTxsMaxAhead);
}

/// <summary>Tendermint's round timeouts (timeout(r) = base + r × delta, in ms). A node setting: all validators should use
/// the same, but a different one only changes how long this node waits.</summary>
public sealed class ConsensusTimeouts
{
    [JsonPropertyName("propose_ms"), ConfigurationKeyName("propose_ms")]
    public long ProposeMs { get; set; } = 3_000;

    [JsonPropertyName("propose_delta_ms"), ConfigurationKeyName("propose_delta_ms")]
    public long ProposeDeltaMs { get; set; } = 500;

    [JsonPropertyName("prevote_ms"), ConfigurationKeyName("prevote_ms")]
    public long PrevoteMs { get; set; } = 1_000;

    [JsonPropertyName("prevote_delta_ms"), ConfigurationKeyName("prevote_delta_ms")]
    public long PrevoteDeltaMs { get; set; } = 500;

    [JsonPropertyName("precommit_ms"), ConfigurationKeyName("precommit_ms")]
    public long PrecommitMs { get; set; } = 1_000;

    [JsonPropertyName("precommit_delta_ms"), ConfigurationKeyName("precommit_delta_ms")]
    public long PrecommitDeltaMs { get; set; } = 500;

    // A round needs some time to wait (base ≥ 1 ms) and may wait the same in every round (delta 0); beyond an hour, base or delta,
    // a stalled network would wait hours for its next round. However high the round, the timeout saturates at a day
    // (TimeoutSettings.MaxDurationMs).
    private const long BaseMinMs = 1;
    private const long MaxMs = 60 * 60 * 1000;

    /// <summary>What is wrong with the timeouts (each a sentence naming its key).</summary>
    internal IEnumerable<string> Problems() =>
        new[]
        {
            NodeConfig.OutOfRange("consensus.propose_ms", ProposeMs, BaseMinMs, MaxMs),
            NodeConfig.OutOfRange("consensus.propose_delta_ms", ProposeDeltaMs, 0, MaxMs),
            NodeConfig.OutOfRange("consensus.prevote_ms", PrevoteMs, BaseMinMs, MaxMs),
            NodeConfig.OutOfRange("consensus.prevote_delta_ms", PrevoteDeltaMs, 0, MaxMs),
            NodeConfig.OutOfRange("consensus.precommit_ms", PrecommitMs, BaseMinMs, MaxMs),
            NodeConfig.OutOfRange("consensus.precommit_delta_ms", PrecommitDeltaMs, 0, MaxMs),
        }.OfType<string>();
}

/// <summary>A node home that cannot be used as it is (a missing file, a malformed config, a key others can read).</summary>
public sealed class NodeHomeException(string message) : Exception(message);
