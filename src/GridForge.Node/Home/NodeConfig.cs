using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridForge.Node.Home;

/// <summary>A node home's <c>config.json</c>: where the node's files are (relative to the home), where it listens, whom
/// it keeps connected, and its limits. Node-local: nothing here is a consensus rule (those are in the genesis file).
/// Every field is documented in docs/network.md.</summary>
public sealed class NodeConfig
{
    public const string FileName = "config.json";

    [JsonPropertyName("moniker")]
    public string Moniker { get; set; } = "node";

    [JsonPropertyName("genesis_file")]
    public string GenesisFile { get; set; } = "genesis.json";

    [JsonPropertyName("node_key_file")]
    public string NodeKeyFile { get; set; } = "node_key.json";

    /// <summary>The validator's signing key; absent on a full node.</summary>
    [JsonPropertyName("validator_key_file")]
    public string? ValidatorKeyFile { get; set; }

    /// <summary>The validator's last signed height, round and step (the double-sign guard's durable record).</summary>
    [JsonPropertyName("sign_state_file")]
    public string SignStateFile { get; set; } = "sign_state.bin";

    [JsonPropertyName("data_dir")]
    public string DataDir { get; set; } = "data";

    [JsonPropertyName("api")]
    public ApiConfig Api { get; set; } = new();

    [JsonPropertyName("p2p")]
    public P2pConfig P2p { get; set; } = new();

    [JsonPropertyName("consensus")]
    public ConsensusTimeouts Consensus { get; set; } = new();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a config file; an unknown field or a malformed one is an error naming the file (a typo in an operator's
    /// config must not silently fall back to a default).</summary>
    public static NodeConfig Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(path), Json) ?? throw new NodeHomeException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new NodeHomeException($"{path}: {e.Message}");
        }
    }
}

public sealed class ApiConfig
{
    /// <summary>host:port of the REST API, dashboard and streams.</summary>
    [JsonPropertyName("listen")]
    public string Listen { get; set; } = "127.0.0.1:8080";
}

public sealed class P2pConfig
{
    /// <summary>ip:port the peer-to-peer listener binds (0.0.0.0 for every interface); empty: accept no inbound links.</summary>
    [JsonPropertyName("listen")]
    public string Listen { get; set; } = "0.0.0.0:26656";

    /// <summary>Peers dialed and redialed for as long as the node runs: <c>node-id@host:port</c>.</summary>
    [JsonPropertyName("persistent_peers")]
    public List<string> PersistentPeers { get; set; } = [];

    [JsonPropertyName("max_inbound_peers")]
    public int MaxInboundPeers { get; set; } = 40;

    [JsonPropertyName("max_connections_per_ip")]
    public int MaxConnectionsPerIp { get; set; } = 32;

    [JsonPropertyName("handshake_timeout_ms")]
    public int HandshakeTimeoutMs { get; set; } = 10_000;

    [JsonPropertyName("idle_timeout_ms")]
    public int IdleTimeoutMs { get; set; } = 30_000;

    [JsonPropertyName("ban_minutes")]
    public int BanMinutes { get; set; } = 10;

    [JsonPropertyName("max_message_bytes")]
    public int MaxMessageBytes { get; set; } = 24 * 1024 * 1024;

    [JsonPropertyName("peer_receive_bytes_per_second")]
    public long PeerReceiveBytesPerSecond { get; set; } = 64L * 1024 * 1024;
}

/// <summary>Tendermint's round timeouts (timeout(r) = base + r × delta, in ms). A node setting: all validators should use
/// the same, but a different one only changes how long this node waits.</summary>
public sealed class ConsensusTimeouts
{
    [JsonPropertyName("propose_ms")]
    public long ProposeMs { get; set; } = 3_000;

    [JsonPropertyName("propose_delta_ms")]
    public long ProposeDeltaMs { get; set; } = 500;

    [JsonPropertyName("prevote_ms")]
    public long PrevoteMs { get; set; } = 1_000;

    [JsonPropertyName("prevote_delta_ms")]
    public long PrevoteDeltaMs { get; set; } = 500;

    [JsonPropertyName("precommit_ms")]
    public long PrecommitMs { get; set; } = 1_000;

    [JsonPropertyName("precommit_delta_ms")]
    public long PrecommitDeltaMs { get; set; } = 500;
}

/// <summary>A node home that cannot be used as it is (a missing file, a malformed config, a key others can read).</summary>
public sealed class NodeHomeException(string message) : Exception(message);
