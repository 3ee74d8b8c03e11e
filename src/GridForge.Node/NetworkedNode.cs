using GridForge.Chain;
using GridForge.Chain.Storage;
using GridForge.Consensus.Engine;
using GridForge.Network;
using GridForge.Network.Consensus;
using GridForge.Node.Home;
using Microsoft.Extensions.Logging;

namespace GridForge.Node;

/// <summary>A node run from its home (<c>gridforge node --home</c>): the chain in the home's data directory, its peer links
/// (gossip and block sync), the REST API, and on a validator its part in consensus.</summary>
public sealed class NetworkedNode : IAsyncDisposable
{
    private readonly ILoggerFactory _logs;
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

    public static async Task<NetworkedNode> StartAsync(NodeHome home, LogLevel logLevel = LogLevel.Information)
    {
        var logs = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        }).SetMinimumLevel(logLevel).AddFilter("Microsoft", LogLevel.Warning));
        var nodeKey = home.LoadNodeKey();
        var validatorKey = home.LoadValidatorKey();
        ChainNode chain;
        try
        {
            var t = home.Config.Consensus;
            chain = ChainNode.Open(home.DataDirectory, home.LoadGenesis(), validatorKey, new ChainOptions
            {
                SignStateStore = new FileSignStateStore(home.SignStatePath),
                Timeouts = new TimeoutSettings
                {
                    ProposeMs = t.ProposeMs, ProposeDeltaMs = t.ProposeDeltaMs, PrevoteMs = t.PrevoteMs,
                    PrevoteDeltaMs = t.PrevoteDeltaMs, PrecommitMs = t.PrecommitMs, PrecommitDeltaMs = t.PrecommitDeltaMs,
                },
            });
        }
        catch (InvalidOperationException e)
        {
            nodeKey.Dispose();
            throw new NodeHomeException(e.Message);
        }

        if (chain.Runtime.IsDevChain)
        {
            chain.Dispose();
            throw new NodeHomeException($"'{chain.ChainId}' is a dev chain: run it with gridforge node --dev; a node home runs a real network");
        }

        ChainNetwork? network = null;
        try
        {
            network = await ChainNetwork.StartAsync(chain, nodeKey, home.NetworkOptions(), logs.CreateLogger("p2p")).ConfigureAwait(false);
            var consensus = validatorKey is null ? null : ConsensusDriver.Start(chain, network, logs.CreateLogger("consensus"));

            var api = await NodeHost.StartAsync(chain, "http://" + home.Config.Api.Listen, produceBlocks: false, LogLevel.Warning, network: network).ConfigureAwait(false);
            return new NetworkedNode(home, chain, network, api, consensus, logs);
        }
        catch
        {
            if (network is not null) await network.DisposeAsync().ConfigureAwait(false);
            chain.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (Consensus is not null) await Consensus.DisposeAsync().ConfigureAwait(false);
        await Network.DisposeAsync().ConfigureAwait(false);
        await Api.DisposeAsync().ConfigureAwait(false);
        Network.Key.Dispose();
        _logs.Dispose();
    }
}
