using GridForge.Chain;
using GridForge.Network.Gossip;
using GridForge.Network.Identity;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using GridForge.Network.Sync;
using GridForge.Network.Transport;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridForge.Network;

/// <summary>A chain on the network: the peer links (<see cref="PeerManager"/> and its <see cref="P2pServer"/>), transaction
/// gossip, block sync, status exchange, and — on a validator — the consensus messages, each message type routed to the part
/// that handles it.</summary>
public sealed class ChainNetwork : IPeerHandler, IAsyncDisposable
{
    private readonly ChainNode _chain;
    private readonly NetworkOptions _options;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ByteString _genesisHash;
    private Task? _statusLoop;
    private IConsensusGossip? _consensus;

    private ChainNetwork(ChainNode chain, NodeKey key, NetworkOptions options, ILogger log)
    {
        _chain = chain;
        _options = options;
        _log = log;
        _genesisHash = ByteString.CopyFrom(chain.GenesisHash.ToArray());
        Key = key;
        Peers = new PeerManager(key, options, Hello, log);
        Txs = new TxGossip(chain, Peers, options);
        Sync = new BlockSync(chain, Peers, log);
    }

    public NodeKey Key { get; }

    public PeerManager Peers { get; }

    public P2pServer? Server { get; private set; }

    public TxGossip Txs { get; }

    public BlockSync Sync { get; }

    /// <summary>Starts listening (when <see cref="NetworkOptions.Listen"/> is set) and dialing the persistent peers.</summary>
    public static async Task<ChainNetwork> StartAsync(ChainNode chain, NodeKey key, NetworkOptions options, ILogger? log = null)
    {
        var network = new ChainNetwork(chain, key, options, log ?? NullLogger.Instance);
        try
        {
            if (options.Listen is { } listen) network.Server = await P2pServer.StartAsync(listen, network.Peers).ConfigureAwait(false);
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        chain.BlockCommitted += network.OnBlockCommitted;
        network.Peers.Start(network);
        network._statusLoop = Task.Run(network.StatusLoopAsync);
        return network;
    }

    /// <summary>Hands the consensus messages to a validator's consensus (a node without one ignores them).</summary>
    public void Attach(IConsensusGossip consensus) => _consensus = consensus;

    private Hello Hello() => new()
    {
        ProtocolVersion = PeerManager.ProtocolVersion,
        ChainId = _chain.ChainId,
        GenesisHash = _genesisHash,
        Software = "gridforge/" + (typeof(ChainNetwork).Assembly.GetName().Version?.ToString() ?? "0"),
        ListenAddress = Server is null ? "" : $"{Server.Endpoint.Address}:{Server.Endpoint.Port}",
    };

    /// <summary>Where this node stands, as peers are told.</summary>
    public Status CurrentStatus()
    {
        var head = _chain.Head;
        var status = new Status { Height = _chain.Height, HeadHash = head is null ? ByteString.Empty : Wire.Bytes(head.Hash().ToArray()) };
        _consensus?.Describe(status);
        return status;
    }

    /// <summary>Sends this node's status to every peer now (on a commit, a new round or step).</summary>
    public void BroadcastStatus()
    {
        var envelope = new Envelope { Status = CurrentStatus() };
        foreach (var peer in Peers.Peers) peer.Send(envelope);
    }

    private void OnBlockCommitted(Chain.Blocks.Block block, IReadOnlyList<Runtime.Execution.TxResult> results, IReadOnlyList<Runtime.Execution.Event> events) =>
        BroadcastStatus();

    private async Task StatusLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(_options.StatusInterval, _stop.Token).ConfigureAwait(false);
                BroadcastStatus();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void PeerConnected(Peer peer)
    {
        peer.Send(new Envelope { Status = CurrentStatus() });
        _consensus?.PeerConnected(peer);
    }

    public void PeerDisconnected(Peer peer)
    {
        Sync.Forget(peer);
        _consensus?.PeerDisconnected(peer);
    }

    public ValueTask<string?> ReceiveAsync(Peer peer, Envelope envelope, CancellationToken token)
    {
        switch (envelope.BodyCase)
        {
            case Envelope.BodyOneofCase.Status:
                Sync.Poke();
                _consensus?.PeerStatus(peer, envelope.Status);
                return ValueTask.FromResult<string?>(null);
            case Envelope.BodyOneofCase.Txs:
                return ValueTask.FromResult(Txs.Receive(peer, envelope.Txs));
            case Envelope.BodyOneofCase.BlockRequest:
                return ValueTask.FromResult(Sync.Serve(peer, envelope.BlockRequest));
            case Envelope.BodyOneofCase.BlockResponse:
                return ValueTask.FromResult(Sync.Receive(peer, envelope.BlockResponse));
            case Envelope.BodyOneofCase.Proposal:
            case Envelope.BodyOneofCase.Votes:
            case Envelope.BodyOneofCase.HasProposal:
            case Envelope.BodyOneofCase.Evidence:
            case Envelope.BodyOneofCase.BlockTxsRequest:
            case Envelope.BodyOneofCase.BlockTxsResponse:
                return _consensus?.ReceiveAsync(peer, envelope, token) ?? ValueTask.FromResult<string?>(null);
            default:
                return ValueTask.FromResult<string?>(null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _chain.BlockCommitted -= OnBlockCommitted;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_statusLoop is not null) await _statusLoop.ConfigureAwait(false);
        await Peers.DisposeAsync().ConfigureAwait(false);
        if (Server is not null) await Server.DisposeAsync().ConfigureAwait(false);
        await Txs.DisposeAsync().ConfigureAwait(false);
        await Sync.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
