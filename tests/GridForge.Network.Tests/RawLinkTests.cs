using System.Collections.Concurrent;
using GridForge.Network.Protocol;
using Google.Protobuf;

namespace GridForge.Network.Tests;

/// <summary>Bytes on a real link (TLS 1.3, HTTP/2, loopback) from a peer that writes gRPC's framing by hand: a message
/// protobuf cannot parse, or one over the size limit, is garbage and gets the peer banned, whether the peer dialed the node
/// or the node dialed the peer; a link broken mid-message is not garbage (docs/network.md, "Links and peers": "Bans").</summary>
public sealed class RawLinkTests
{
    private const int MaxMessageBytes = 64 * 1024;

    // A varint longer than ten bytes: no protobuf message starts so.
    private static readonly byte[] Unparseable = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task AnUnparseableOrOversizedMessage_GetsThePeerBanned_WhicheverSideDialed(bool peerDials, bool oversized)
    {
        Assert.Throws<InvalidProtocolBufferException>(() => Envelope.Parser.ParseFrom(Unparseable));
        // Well formed but over the node's limit: the size alone is the fault.
        var large = new Envelope { Txs = new TxBatch { Txs = { ByteString.CopyFrom(new byte[3 * MaxMessageBytes]) } } }.ToByteArray();
        await using var linked = await Linked.OpenAsync(peerDials);
        var (node, peer, link, bans) = (linked.Node, linked.Peer, linked.Link, linked.Bans);

        await link.SendUnlessCutAsync(RawPeer.Frame(oversized ? large : Unparseable));

        await Eventually.True(() => node.Peers.IsBanned(peer.Id), "the ban");
        Assert.Contains("undecodable message", Assert.Single(bans), StringComparison.Ordinal);
        await Eventually.True(() => node.Peers.Peers.Count == 0, "the disconnect");
        if (linked.Dial is { } dial) Assert.StartsWith("banned", await dial.WaitAsync(TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
        Assert.DoesNotContain(node.Received, r => r.Message.Txs is not null);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task ALinkBrokenMidMessage_DoesNotGetThePeerBanned_WhicheverSideDialed(bool peerDials, bool endsItsStream)
    {
        await using var linked = await Linked.OpenAsync(peerDials);
        var (node, peer, link, bans) = (linked.Node, linked.Peer, linked.Link, linked.Bans);

        // The frame says 1,000 bytes follow; 10 do, then the peer is gone (it stopped, or restarted), or ends its call.
        await link.SendAsync(RawPeer.Frame(1_000, new byte[10]));
        if (endsItsStream) link.End();
        else link.Abort();

        // Well before the idle timeout (30 s): the node sees the break itself.
        await Eventually.True(() => node.Peers.Peers.Count == 0, "the link to drop", seconds: 15);
        var outcome = linked.Dial is { } dial ? await dial.WaitAsync(TimeSpan.FromSeconds(60)) : "";
        Assert.False(node.Peers.IsBanned(peer.Id), $"a peer whose link broke was banned: {string.Join("; ", bans)} {outcome}");
        Assert.Empty(bans);
    }

    /// <summary>A node (its limit <see cref="MaxMessageBytes"/>) linked to a raw peer that dialed it or that it dialed
    /// (<see cref="Dial"/>: the node's dial, which ends with the link), the bans the node makes recorded.</summary>
    private sealed class Linked : IAsyncDisposable
    {
        private Linked(LinkHarness node, RawPeer peer, RawLink link, Task<string>? dial)
        {
            (Node, Peer, Link, Dial) = (node, peer, link, dial);
            node.Peers.Banned += (_, reason) => Bans.Enqueue(reason);
        }

        public LinkHarness Node { get; }

        public RawPeer Peer { get; }

        public RawLink Link { get; }

        public Task<string>? Dial { get; }

        public ConcurrentQueue<string> Bans { get; } = new();

        public static async Task<Linked> OpenAsync(bool peerDials)
        {
            var node = await LinkHarness.StartAsync(new NetworkOptions { MaxMessageBytes = MaxMessageBytes });
            var peer = peerDials ? await RawPeer.DialAsync(node.Server!.Endpoint.Port) : await RawPeer.ListenAsync();
            var dial = peerDials ? null : Task.Run(() => node.Peers.DialOnceAsync(peer.Address, CancellationToken.None));
            var linked = new Linked(node, peer, await peer.Link, dial);
            await Eventually.True(() => node.Peers.Peers.Any(p => p.Id == peer.Id), "the link");
            return linked;
        }

        public async ValueTask DisposeAsync()
        {
            await Peer.DisposeAsync();
            await Node.DisposeAsync();
        }
    }
}
