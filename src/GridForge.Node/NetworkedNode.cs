using GridForge.Core.Crypto;
using GridForge.Chain;
using GridForge.Chain.Storage;
using GridForge.Consensus.Engine;
using GridForge.Network;
using GridForge.Network.Consensus;
using GridForge.Node.Home;
using GridForge.Node.Observability;
using Microsoft.Extensions.Logging;

namespace GridForge.Node;

/// <summary>A node run from its home (<c>gridforge node --home</c>): the chain in the home's data directory, its peer links
/// (gossip and block sync), the REST API, and on a validator its part in consensus.</summary>
public sealed class NetworkedNode : IAsyncDisposable
{
    private readonly ILoggerFactory _logs;
    // The chain signs with it until the node is stopped; disposed last.
    private SigningKey? _validatorKey;
    private int _disposed;

    private NetworkedNode(NodeHome home, ChainNode chain, ChainNetwork network, NodeHost api, ConsensusDriver? consensus, ILoggerFactory logs)
    {
        Home = home;
        Chain = chain;
        Network = network;
        Api = api;
        Consensus = consensus;
        _logs = logs;
    }

    /// <summary>The validator's consensus (null on a full node, which follows the chain by block sync).</summary>
    public ConsensusDriver? Consensus { get; }

    public NodeHome Home { get; }

    public ChainNode Chain { get; }

    public ChainNetwork Network { get; }

    public NodeHost Api { get; }

    /// <summary>This node's peer address as others write it: <c>id@host:port</c>.</summary>
    public string P2pAddress => $"{Network.Key.Id}@{Network.Server?.Endpoint.ToString() ?? "(not listening)"}";

    /// <summary>Starts the node its home describes. Its log is the dev node's (<see cref="NodeLogging"/>, <c>log.format</c> and
    /// <c>log.level</c>): JSON lines with event ids off a terminal, the network's and consensus's lines included. With
    /// <paramref name="mqtt"/> (from the home's <c>mqtt.*</c> keys) it runs the MQTT gateway for meters, whose batches reach
    /// the validators through this node's admission and transaction gossip like any client's transaction.</summary>
    public static async Task<NetworkedNode> StartAsync(NodeHome home, Mqtt.MqttGatewayOptions? mqtt = null)
    {
        var config = home.Config;
        var logs = LoggerFactory.Create(b => NodeLogging.Configure(b, config.Log.Format, config.Log.Level));
        var nodeKey = home.LoadNodeKey();
        SigningKey? validatorKey = null;
        ChainNode chain;
        try
        {
            validatorKey = home.LoadValidatorKey();
            var t = config.Consensus;
            chain = ChainNode.Open(home.DataDirectory, home.LoadGenesis(), validatorKey, new ChainOptions
            {
                SignStateStore = new FileSignStateStore(home.SignStatePath),
                MempoolMaxCount = config.Mempool.MaxTransactions,
                MempoolMaxBytes = config.Mempool.MaxBytes,
                MempoolMaxPerAccount = config.Mempool.MaxPerAccount,
                Timeouts = new TimeoutSettings
                {
                    ProposeMs = t.ProposeMs, ProposeDeltaMs = t.ProposeDeltaMs, PrevoteMs = t.PrevoteMs,
                    PrevoteDeltaMs = t.PrevoteDeltaMs, PrecommitMs = t.PrecommitMs, PrecommitDeltaMs = t.PrecommitDeltaMs,
                },
            });
        }
        catch (Exception e)
        {
            // Every way out before the node runs disposes what it loaded: the keys hold secret memory.
            nodeKey.Dispose();
            validatorKey?.Dispose();
            logs.Dispose();
            if (e is InvalidOperationException) throw new NodeHomeException(e.Message);
            throw;
        }

        if (chain.Runtime.IsDevChain)
        {
            chain.Dispose();
            nodeKey.Dispose();
            validatorKey?.Dispose();
            logs.Dispose();
            throw new NodeHomeException($"'{chain.ChainId}' is a dev chain: run it with gridforge node --dev; a node home runs a real network");
        }

        ChainNetwork? network = null;
        ConsensusDriver? consensus = null;
        try
        {
            // The peer listener's web host writes the node's log format too.
            var networkOptions = home.NetworkOptions() with { Logging = b => NodeLogging.Configure(b, config.Log.Format, LogLevel.Warning) };
            network = await ChainNetwork.StartAsync(chain, nodeKey, networkOptions, logs.CreateLogger("GridForge.Network")).ConfigureAwait(false);
            consensus = chain.ValidatorAddress is null ? null : ConsensusDriver.Start(chain, network, logs.CreateLogger("GridForge.Consensus"));
            var hostOptions = new NodeHostOptions { LogFormat = config.Log.Format, MinFreeBytes = config.Storage.MinFreeBytes };
            var api = await NodeHost.StartAsync(chain, "http://" + config.Api.Listen, produceBlocks: false, config.Log.Level, mqtt: mqtt,
                options: hostOptions, network: new NodeNetwork(network, consensus, config.P2p.MinPeers)).ConfigureAwait(false);
            foreach (var warning in home.Warnings) api.Logger.LogWarning(LogEvents.ConfigWarning, "configuration: {Warning}", warning);
            return new NetworkedNode(home, chain, network, api, consensus, logs) { _validatorKey = validatorKey };
        }
        catch
        {
            if (consensus is not null) await consensus.DisposeAsync().ConfigureAwait(false);
            if (network is not null) await network.DisposeAsync().ConfigureAwait(false);
            chain.Dispose();
            nodeKey.Dispose();
            validatorKey?.Dispose();
            logs.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // The MQTT gateway first, while the network still carries what it submitted; what it holds stays in its durable queue.
        if (Api.Mqtt is { } gateway) await gateway.DisposeAsync().ConfigureAwait(false);
        if (Consensus is not null) await Consensus.DisposeAsync().ConfigureAwait(false);
        await Network.DisposeAsync().ConfigureAwait(false);
        await Api.DisposeAsync().ConfigureAwait(false);
        Network.Key.Dispose();
        _validatorKey?.Dispose();
        _logs.Dispose();
    }
}
