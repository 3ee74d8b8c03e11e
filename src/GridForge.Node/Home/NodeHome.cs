using GridForge.Core.Crypto;
using GridForge.Network;
using GridForge.Network.Identity;
using GridForge.Network.Peers;
using GridForge.Runtime.Genesis;

namespace GridForge.Node.Home;

/// <summary>A node's home directory: <c>config.json</c>, <c>genesis.json</c>, <c>node_key.json</c>, a validator's
/// <c>validator_key.json</c> and <c>sign_state.bin</c>, and <c>data/</c> (the chain). Created by <c>gridforge init</c>, run
/// by <c>gridforge node --home</c>. Keys are written owner-only and refused when others may read them.</summary>
public sealed class NodeHome
{
    private NodeHome(string path, NodeConfig config, IReadOnlyList<string>? warnings = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Config = config;
        Warnings = warnings ?? [];
    }

    /// <summary>What loading the configuration noticed (an unknown <c>GRIDFORGE_*</c> variable), for the node's log.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public string Path { get; }

    public NodeConfig Config { get; }

    public string Resolve(string file) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, file));

    public string DataDirectory => Resolve(Config.DataDir);

    public string GenesisPath => Resolve(Config.GenesisFile);

    public string SignStatePath => Resolve(Config.SignStateFile);

    public bool IsValidator => Config.ValidatorKeyFile is not null;

    /// <summary>What <c>init</c> is told.</summary>
    public sealed record InitOptions
    {
        public string Moniker { get; init; } = "node";

        /// <summary>The network's genesis document (JSON); null: none yet (copy it into the home before starting).</summary>
        public string? GenesisJson { get; init; }

        public bool Validator { get; init; }

        public string P2pListen { get; init; } = "0.0.0.0:26656";

        public string ApiListen { get; init; } = "127.0.0.1:8080";

        public IReadOnlyList<string> PersistentPeers { get; init; } = [];

        /// <summary>Use these keys instead of fresh ones (the testnet command makes them first, to write the genesis).</summary>
        public SigningKey? NodeKey { get; init; }

        public SigningKey? ValidatorKey { get; init; }
    }

    /// <summary>Creates a home at <paramref name="path"/> (which must not hold one already) with fresh keys.</summary>
    public static NodeHome Init(string path, InitOptions options)
    {
        if (File.Exists(System.IO.Path.Combine(path, NodeConfig.FileName))) throw new NodeHomeException(
            $"{path} is already a node home (it has {NodeConfig.FileName}); choose another directory");
        foreach (var peer in options.PersistentPeers)
        {
            if (!PeerAddress.TryParse(peer, out _, out var error)) throw new NodeHomeException($"persistent peer: {error}");
        }

        if (options.GenesisJson is { } json) _ = ParseGenesis(json, "the genesis");
        var config = new NodeConfig
        {
            Moniker = options.Moniker,
            ValidatorKeyFile = options.Validator ? "validator_key.json" : null,
            Api = new ApiConfig { Listen = options.ApiListen },
            P2p = new P2pConfig { Listen = options.P2pListen, PersistentPeers = [.. options.PersistentPeers] },
        };
        // A home whose config the node would refuse is not written at all.
        if (config.Problems() is { Count: > 0 } problems) throw new NodeHomeException(string.Join("; ", problems));
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var home = new NodeHome(path, config);
        SaveKey(options.NodeKey, home.Resolve(config.NodeKeyFile));
        if (config.ValidatorKeyFile is { } validatorKey) SaveKey(options.ValidatorKey, home.Resolve(validatorKey));
        if (options.GenesisJson is { } genesis) File.WriteAllText(home.GenesisPath, genesis);
        File.WriteAllText(System.IO.Path.Combine(path, NodeConfig.FileName), config.ToJson() + "\n");
        return home;
    }

    private static void SaveKey(SigningKey? given, string path)
    {
        if (given is not null)
        {
            KeyFile.Save(given, path);
            return;
        }

        using var key = SigningKey.Generate();
        KeyFile.Save(key, path);
    }

    /// <summary>Opens an existing home: its config must parse and its files exist.</summary>
    public static NodeHome Open(string path)
    {
        var configPath = System.IO.Path.Combine(path, NodeConfig.FileName);
        if (!File.Exists(configPath)) throw new NodeHomeException(
            $"{path} is not a node home (no {NodeConfig.FileName}): create one with gridforge init --home {path}");
        LoadedConfig loaded;
        try
        {
            // The home's file under the GRIDFORGE_* variables, as for every node (docs/operations.md).
            loaded = NodeConfigLoader.Load(configPath, Environment.GetEnvironmentVariables(), flags: null);
        }
        catch (NodeConfigException e)
        {
            throw new NodeHomeException(e.Message);
        }

        var home = new NodeHome(path, loaded.Config, loaded.Warnings);
        if (!File.Exists(home.Resolve(home.Config.NodeKeyFile))) throw new NodeHomeException(
            $"{home.Resolve(home.Config.NodeKeyFile)} is missing: the node has no key");
        if (!File.Exists(home.GenesisPath) && !Chain.ChainNode.Exists(home.DataDirectory))
        {
            throw new NodeHomeException($"{home.GenesisPath} is missing: copy the network's genesis file there");
        }

        return home;
    }

    public NodeKey LoadNodeKey() => LoadKey(Config.NodeKeyFile, NodeKey.From);

    public SigningKey? LoadValidatorKey() => Config.ValidatorKeyFile is { } file ? LoadKey(file, k => k) : null;

    /// <summary>The MQTT gateway's account key (<c>mqtt.gateway_key_file</c>, relative to the home, readable by its owner only:
    /// the account pays the readings' fees), if one is named.</summary>
    public SigningKey? LoadGatewayKey() => Config.Mqtt.GatewayKeyFile is { } file ? LoadKey(file, k => k) : null;

    private T LoadKey<T>(string file, Func<SigningKey, T> wrap)
    {
        try
        {
            return wrap(KeyFile.Load(Resolve(file), ownerOnly: true));
        }
        catch (KeyFileException e)
        {
            throw new NodeHomeException(e.Message);
        }
    }

    public GenesisDocument? LoadGenesis() => File.Exists(GenesisPath) ? ParseGenesis(File.ReadAllText(GenesisPath), GenesisPath) : null;

    private static GenesisDocument ParseGenesis(string json, string what)
    {
        try
        {
            return GenesisDocument.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new NodeHomeException($"{what} is not a genesis document: {e.Message}");
        }
    }

    /// <summary>The network settings the config describes.</summary>
    public NetworkOptions NetworkOptions()
    {
        var p2p = Config.P2p;
        var peers = new List<PeerAddress>();
        foreach (var text in p2p.PersistentPeers)
        {
            peers.Add(PeerAddress.TryParse(text, out var address, out var error) ? address!
                : throw new NodeHomeException($"{NodeConfig.FileName}: persistent peer {error}"));
        }

        return new NetworkOptions
        {
            Listen = string.IsNullOrWhiteSpace(p2p.Listen) ? null : p2p.Listen,
            PersistentPeers = peers,
            MaxInboundPeers = p2p.MaxInboundPeers,
            MaxConnectionsPerIp = p2p.MaxConnectionsPerIp,
            HandshakeTimeout = TimeSpan.FromMilliseconds(p2p.HandshakeTimeoutMs),
            IdleTimeout = TimeSpan.FromMilliseconds(p2p.IdleTimeoutMs),
            BanDuration = TimeSpan.FromMinutes(p2p.BanMinutes),
            MaxMessageBytes = p2p.MaxMessageBytes,
            PeerReceiveBytesPerSecond = p2p.PeerReceiveBytesPerSecond,
            FutureTxs = p2p.FutureTxsLimits(),
        };
    }
}
