using System.Collections.Concurrent;
using GridForge.Network.Identity;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using GridForge.Network.Transport;
using Google.Protobuf;

namespace GridForge.Network.Tests;

/// <summary>A peer manager with its listener on a loopback port and a handler that records what arrives.</summary>
internal sealed class LinkHarness : IAsyncDisposable, IPeerHandler
{
    public static readonly ByteString Genesis = ByteString.CopyFrom(new byte[32]);

    private LinkHarness(NodeKey key, PeerManager peers, P2pServer? server)
    {
        Key = key;
        Peers = peers;
        Server = server;
    }

    public NodeKey Key { get; }

    public PeerManager Peers { get; }

    public P2pServer? Server { get; }

    public ConcurrentQueue<(NodeId From, Envelope Message)> Received { get; } = new();

    public ConcurrentQueue<NodeId> Connected { get; } = new();

    /// <summary>What the handler answers for a message (null: fine; text: garbage).</summary>
    public Func<Envelope, string?> Judge { get; set; } = _ => null;

    public PeerAddress Address => new(Key.Id, "127.0.0.1", Server!.Endpoint.Port);

    /// <summary>What the harness sends back for a message (nothing by default).</summary>
    public Action<Peer, Envelope> Reply { get; set; } = (_, _) => { };

    /// <summary>The status the harness sends when a peer connects, if any.</summary>
    public Status? Status { get; set; }

    public static async Task<LinkHarness> StartAsync(NetworkOptions? options = null, string chainId = "gridforge-test", bool listen = true, NodeKey? key = null,
        byte[]? genesis = null)
    {
        key ??= NodeKey.Generate();
        options ??= new NetworkOptions();
        var genesisHash = genesis is null ? Genesis : ByteString.CopyFrom(genesis);
        var peers = new PeerManager(key, options, () =>
            new Hello { ProtocolVersion = PeerManager.ProtocolVersion, ChainId = chainId, GenesisHash = genesisHash });
        var server = listen ? await P2pServer.StartAsync("127.0.0.1:0", peers) : null;
        var harness = new LinkHarness(key, peers, server);
        peers.Start(harness);
        return harness;
    }

    public void PeerConnected(Peer peer)
    {
        Connected.Enqueue(peer.Id);
        if (Status is { } status) peer.Send(new Envelope { Status = status });
    }

    public void PeerDisconnected(Peer peer)
    {
    }

    public ValueTask<string?> ReceiveAsync(Peer peer, Envelope envelope, CancellationToken token)
    {
        Received.Enqueue((peer.Id, envelope));
        Reply(peer, envelope);
        return ValueTask.FromResult(Judge(envelope));
    }

    public async ValueTask DisposeAsync()
    {
        await Peers.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        Key.Dispose();
    }
}

internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds (generous: the machine may be busy), or fails.</summary>
    public static async Task True(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
