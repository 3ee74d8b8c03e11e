using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using GridForge.Network.Identity;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using Google.Protobuf;

namespace GridForge.Network.Tests;

public class PeerLinkTests
{
    [Fact]
    public async Task TwoNodesLinkOverTls13_EachKnowingTheOthersNodeKey()
    {
        await using var a = await LinkHarness.StartAsync();
        await using var b = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [a.Address] });
        await Eventually.True(() => a.Peers.Peers.Count == 1 && b.Peers.Peers.Count == 1, "the link");
        Assert.Equal(b.Key.Id, a.Peers.Peers[0].Id);
        Assert.Equal(LinkDirection.Inbound, a.Peers.Peers[0].Direction);
        Assert.Equal(a.Key.Id, b.Peers.Peers[0].Id);

        b.Peers.Peers[0].Send(new Envelope { Txs = new TxBatch { Txs = { ByteString.CopyFromUtf8("from b") } } });
        a.Peers.Peers[0].Send(new Envelope { Txs = new TxBatch { Txs = { ByteString.CopyFromUtf8("from a") } } });
        await Eventually.True(() => a.Received.Any(r => r.Message.Txs is not null) && b.Received.Any(r => r.Message.Txs is not null), "both directions");
        Assert.Equal("from b", a.Received.First(r => r.Message.Txs is not null).Message.Txs.Txs[0].ToStringUtf8());
        Assert.Equal(b.Key.Id, a.Received.First(r => r.Message.Txs is not null).From);
        Assert.Equal("from a", b.Received.First(r => r.Message.Txs is not null).Message.Txs.Txs[0].ToStringUtf8());
    }

    [Fact]
    public async Task ANodeAtTheAddressThatCannotProveTheExpectedKey_IsNotLinked()
    {
        await using var impostor = await LinkHarness.StartAsync();
        using var victim = NodeKey.Generate();
        // The address names the victim's id, but the impostor answers there.
        await using var dialer = await LinkHarness.StartAsync(
            new NetworkOptions { PersistentPeers = [new PeerAddress(victim.Id, "127.0.0.1", impostor.Server!.Endpoint.Port)] });
        var outcome = await dialer.Peers.DialOnceAsync(new PeerAddress(victim.Id, "127.0.0.1", impostor.Server.Endpoint.Port), CancellationToken.None);
        Assert.StartsWith("dial failed", outcome);
        Assert.Empty(dialer.Peers.Peers);
        Assert.Empty(impostor.Peers.Peers);
    }

    [Fact]
    public async Task APeerOfAnotherChain_IsRefused()
    {
        await using var a = await LinkHarness.StartAsync(chainId: "chain-a");
        await using var b = await LinkHarness.StartAsync(chainId: "chain-b");
        var outcome = await b.Peers.DialOnceAsync(a.Address, CancellationToken.None);
        // Whichever side reads the other's Hello first refuses it; the link never forms on either.
        Assert.True(outcome.Contains("another genesis", StringComparison.Ordinal) || outcome.Contains("closed", StringComparison.Ordinal)
            || outcome.Contains("failed", StringComparison.Ordinal), outcome);
        Assert.Empty(a.Peers.Peers);
        Assert.Empty(b.Peers.Peers);
    }

    [Fact]
    public async Task SimultaneousDials_SettleOnOneLink()
    {
        await using var a = await LinkHarness.StartAsync();
        await using var b = await LinkHarness.StartAsync();
        // Each dials the other at the same moment.
        var ab = Task.Run(() => a.Peers.DialOnceAsync(b.Address, CancellationToken.None));
        var ba = Task.Run(() => b.Peers.DialOnceAsync(a.Address, CancellationToken.None));
        await Eventually.True(() => a.Peers.Peers.Count == 1 && b.Peers.Peers.Count == 1, "a link");
        // The link dialed by the lower id survives on both sides.
        var lower = string.CompareOrdinal(a.Key.Id.Hex, b.Key.Id.Hex) < 0 ? a.Key.Id : b.Key.Id;
        await Eventually.True(() => a.Peers.Peers.Count == 1 && a.Peers.Peers[0].Dialer == lower && b.Peers.Peers.Count == 1
            && b.Peers.Peers[0].Dialer == lower, "the lower id's link");
        await Task.Delay(500);
        Assert.Single(a.Peers.Peers);
        Assert.Single(b.Peers.Peers);
        Assert.Equal(lower, a.Peers.Peers[0].Dialer);
        _ = ab;
        _ = ba;
    }

    [Fact]
    public async Task APersistentPeerIsRedialedAfterItRestarts()
    {
        using var key = NodeKey.Generate();
        var a = await LinkHarness.StartAsync(key: NodeKey.From(Core.Crypto.SigningKey.FromSeed(key.Key.Seed)));
        var port = a.Server!.Endpoint.Port;
        await using var b = await LinkHarness.StartAsync(
            new NetworkOptions { PersistentPeers = [a.Address], DialBackoffInitial = TimeSpan.FromMilliseconds(100), DialBackoffMax =
                TimeSpan.FromSeconds(1) });
        await Eventually.True(() => b.Peers.Peers.Count == 1, "the first link");
        var bans = new System.Collections.Concurrent.ConcurrentQueue<string>();
        b.Peers.Banned += (_, reason) => bans.Enqueue(reason);
        await a.DisposeAsync();
        await Eventually.True(() => b.Peers.Peers.Count == 0, "the link to drop");
        // A peer that stops (its link broken mid-stream) sent nothing wrong: it is not banned.
        Assert.False(b.Peers.IsBanned(key.Id), $"a stopped peer was banned: {string.Join("; ", bans)}");
        // The same node (same key) comes back on the same port.
        var options = new NetworkOptions();
        var peers = new PeerManager(NodeKey.From(Core.Crypto.SigningKey.FromSeed(key.Key.Seed)), options,
            () => new Hello { ProtocolVersion = PeerManager.ProtocolVersion, ChainId = "gridforge-test", GenesisHash = LinkHarness.Genesis });
        await using var server = await Transport.P2pServer.StartAsync($"127.0.0.1:{port}", peers);
        var handler = new NullHandler();
        peers.Start(handler);
        await Eventually.True(() => b.Peers.Peers.Count == 1 && peers.Peers.Count == 1, "the redial");
        await peers.DisposeAsync();
    }

    [Fact]
    public async Task APeerThatSendsGarbage_IsDisconnectedAndBanned()
    {
        await using var a = await LinkHarness.StartAsync();
        a.Judge = e => e.Txs is not null ? "garbage transactions" : null;
        await using var b = await LinkHarness.StartAsync(
            new NetworkOptions { PersistentPeers = [a.Address], DialBackoffInitial = TimeSpan.FromMilliseconds(50) });
        await Eventually.True(() => b.Peers.Peers.Count == 1, "the link");
        b.Peers.Peers[0].Send(new Envelope { Txs = new TxBatch() });
        await Eventually.True(() => a.Peers.IsBanned(b.Key.Id), "the ban");
        await Eventually.True(() => a.Peers.Peers.Count == 0 && b.Peers.Peers.Count == 0, "the disconnect");
        // b keeps redialing, and a keeps refusing it.
        await Task.Delay(1_000);
        Assert.Empty(a.Peers.Peers);
    }

    [Fact]
    public async Task ASecondHello_IsGarbage()
    {
        await using var a = await LinkHarness.StartAsync();
        await using var b = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [a.Address] });
        await Eventually.True(() => b.Peers.Peers.Count == 1, "the link");
        b.Peers.Peers[0].Send(new Envelope { Hello = new Hello() });
        await Eventually.True(() => a.Peers.IsBanned(b.Key.Id), "the ban");
    }

    [Fact]
    public async Task AnOversizedMessage_IsGarbage()
    {
        await using var a = await LinkHarness.StartAsync(new NetworkOptions { MaxMessageBytes = 64 * 1024 });
        await using var b = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [a.Address] });
        await Eventually.True(() => b.Peers.Peers.Count == 1, "the link");
        b.Peers.Peers[0].Send(new Envelope { Txs = new TxBatch { Txs = { ByteString.CopyFrom(new byte[200 * 1024]) } } });
        await Eventually.True(() => a.Peers.IsBanned(b.Key.Id), "the ban");
        Assert.DoesNotContain(a.Received, r => r.Message.Txs is not null);
    }

    [Fact]
    public async Task ALinkOnWhichNothingArrives_IsClosed()
    {
        await using var a = await LinkHarness.StartAsync(new NetworkOptions { IdleTimeout = TimeSpan.FromSeconds(2) });
        await using var b = await LinkHarness.StartAsync(
            new NetworkOptions { PersistentPeers = [a.Address], DialBackoffInitial = TimeSpan.FromSeconds(30), DialBackoffMax = TimeSpan.FromSeconds(30) });
        await Eventually.True(() => a.Peers.Peers.Count == 1, "the link");
        // The harness sends no status: after the idle timeout a drops the link.
        await Eventually.True(() => a.Peers.Peers.Count == 0, "the idle link to close", 30);
    }

    [Fact]
    public async Task AClientWithoutACertificate_OrOnTls12_CannotConnect()
    {
        await using var a = await LinkHarness.StartAsync();
        foreach (var (protocols, withCertificate) in new[] { (SslProtocols.Tls13, false), (SslProtocols.Tls12, true) })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", a.Server!.Endpoint.Port);
            await using var tls = new SslStream(tcp.GetStream());
            using var node = NodeKey.Generate();
            using var certificate = Transport.PeerCertificate.Create(node, DateTimeOffset.UtcNow);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = "",
                EnabledSslProtocols = protocols,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                ClientCertificates = withCertificate ? [certificate] : [],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            };
            var failed = false;
            try
            {
                await tls.AuthenticateAsClientAsync(options);
                // TLS 1.3: the server checks the client's certificate after the client's Finished; the refusal shows on
                // the first read.
                var buffer = new byte[64];
                await tls.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
                var read = await tls.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                failed = read == 0;
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                failed = true;
            }

            Assert.True(failed, $"{protocols} with{(withCertificate ? "" : "out")} a certificate was let in");
        }

        Assert.Empty(a.Peers.Peers);
    }

    [Fact]
    public async Task ASocketThatNeverCompletesTheHandshake_IsClosed()
    {
        await using var a = await LinkHarness.StartAsync(new NetworkOptions { HandshakeTimeout = TimeSpan.FromSeconds(2) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", a.Server!.Endpoint.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(new byte[] { 0x16, 0x03, 0x01 }); // the start of a ClientHello, then silence
        var read = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task ConnectionsFromOneAddressBeyondTheLimit_AreDropped()
    {
        await using var a = await LinkHarness.StartAsync(new NetworkOptions { MaxConnectionsPerIp = 2, HandshakeTimeout = TimeSpan.FromSeconds(20) });
        var sockets = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", a.Server!.Endpoint.Port);
                sockets.Add(tcp);
            }

            // The third is closed at once — so early that its connect itself may see the reset — and the first two wait for
            // their handshake.
            var third = new TcpClient();
            sockets.Add(third);
            var dropped = true;
            try
            {
                await third.ConnectAsync("127.0.0.1", a.Server!.Endpoint.Port);
                dropped = await ClosedAsync(third);
            }
            catch (SocketException)
            {
                // Reset before the connect returned: dropped.
            }

            Assert.True(dropped);
            var first = sockets[0].GetStream().ReadAsync(new byte[16]).AsTask();
            Assert.NotSame(first, await Task.WhenAny(first, Task.Delay(500)));
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
    }

    private static async Task<bool> ClosedAsync(TcpClient socket)
    {
        try
        {
            return await socket.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(15)) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private sealed class NullHandler : IPeerHandler
    {
        public void PeerConnected(Peer peer)
        {
        }

        public void PeerDisconnected(Peer peer)
        {
        }

        public ValueTask<string?> ReceiveAsync(Peer peer, Envelope envelope, CancellationToken token) => ValueTask.FromResult<string?>(null);
    }
}
