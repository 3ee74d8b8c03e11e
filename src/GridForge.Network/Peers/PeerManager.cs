using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GridForge.Network.Identity;
using GridForge.Network.Protocol;
using GridForge.Network.Transport;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridForge.Network.Peers;

/// <summary>The node's links: dials persistent peers (and redials them with backoff), admits inbound links, keeps one
/// link per peer, runs each link's read and write loops, bans peers that send garbage, and offers the handlers a snapshot
/// of connected peers to send to.</summary>
public sealed class PeerManager : IAsyncDisposable
{
    public const uint ProtocolVersion = 1;

    private readonly NodeKey _key;
    private readonly NetworkOptions _options;
    private readonly Func<Hello> _hello;
    private readonly ILogger _log;
    private readonly Dictionary<NodeId, Peer> _peers = [];
    private readonly Dictionary<NodeId, DateTimeOffset> _bans = [];
    private readonly HashSet<NodeId> _persistent;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _dialers = [];
    private volatile Peer[] _snapshot = [];
    private IPeerHandler? _handler;
    private long _bansTotal;

    public PeerManager(NodeKey key, NetworkOptions options, Func<Hello> hello, ILogger? log = null)
    {
        _key = key;
        _options = options;
        _hello = hello;
        _log = log ?? NullLogger.Instance;
        _persistent = [.. options.PersistentPeers.Select(p => p.Id)];
        Certificate = PeerCertificate.Create(key, DateTimeOffset.UtcNow);
    }

    public NodeId Id => _key.Id;

    public NetworkOptions Options => _options;

    /// <summary>This process's TLS certificate (fresh per process, bound to the node key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The connected peers (a snapshot: safe to enumerate while links come and go).</summary>
    public IReadOnlyList<Peer> Peers => _snapshot;

    /// <summary>Peers banned since start (for the node's metrics).</summary>
    public long BansTotal => Interlocked.Read(ref _bansTotal);

    /// <summary>Raised when a peer is banned (id, reason), for logs and tests.</summary>
    public event Action<NodeId, string>? Banned;

    /// <summary>Starts dialing the persistent peers; <paramref name="handler"/> receives every message.</summary>
    public void Start(IPeerHandler handler)
    {
        _handler = handler;
        foreach (var address in _options.PersistentPeers.DistinctBy(p => p.Id).Where(p => p.Id != Id))
        {
            _dialers.Add(Task.Run(() => DialLoopAsync(address, _stop.Token)));
        }
    }

    public bool IsBanned(NodeId id)
    {
        lock (_bans)
        {
            if (!_bans.TryGetValue(id, out var until)) return false;
            if (until > DateTimeOffset.UtcNow) return true;
            _bans.Remove(id);
            return false;
        }
    }

    /// <summary>Logs why an inbound link was refused (the dialer only sees its stream reset).</summary>
    internal void LogInboundRefused(NodeId id, string remote, string outcome) =>
        _log.LogInformation(NetworkLogEvents.PeerRefused, "inbound peer {Peer} ({Remote}): {Outcome}", id.Short, remote, outcome);

    /// <summary>Disconnects <paramref name="peer"/> and refuses its node id for <see cref="NetworkOptions.BanDuration"/>.</summary>
    public void Ban(Peer peer, string reason)
    {
        lock (_bans) _bans[peer.Id] = DateTimeOffset.UtcNow + _options.BanDuration;
        Interlocked.Increment(ref _bansTotal);
        _log.LogWarning(NetworkLogEvents.PeerBanned, "peer {Peer} ({Remote}) banned for {Minutes} min: {Reason}", peer.Id.Short, peer.Remote,
            _options.BanDuration.TotalMinutes, reason);
        peer.Close("banned: " + reason);
        Banned?.Invoke(peer.Id, reason);
    }

    private async Task DialLoopAsync(PeerAddress address, CancellationToken stop)
    {
        var backoff = new Backoff(_options.DialBackoffInitial, _options.DialBackoffMax);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (IsConnected(address.Id) || IsBanned(address.Id))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stop).ConfigureAwait(false);
                    continue;
                }

                var started = DateTimeOffset.UtcNow;
                var outcome = await DialOnceAsync(address, stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested) break;
                if (DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(10)) backoff.Reset();
                var delay = backoff.Next();
                _log.LogInformation(NetworkLogEvents.PeerRedial, "peer {Peer}: {Outcome}; redialing in {Delay:F1} s", address, outcome, delay.TotalSeconds);
                await Task.Delay(delay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private bool IsConnected(NodeId id)
    {
        lock (_peers) return _peers.ContainsKey(id);
    }

    /// <summary>Opens one link to <paramref name="address"/> and runs it until it ends; returns how it ended.</summary>
    public async Task<string> DialOnceAsync(PeerAddress address, CancellationToken stop)
    {
        using var handler = CreateHandler(address.Id);
        using var channel = GrpcChannel.ForAddress(address.Uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = _options.MaxMessageBytes,
            MaxSendMessageSize = _options.MaxMessageBytes,
        });
        using var link = CancellationTokenSource.CreateLinkedTokenSource(stop);
        try
        {
            using var call = new PeerLink.PeerLinkClient(channel).Connect(cancellationToken: link.Token);
            return await RunLinkAsync(address.Id, LinkDirection.Outbound, $"{address.Host}:{address.Port}", new ClientEnvelopeStream(call), link.Token)
                .ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            return $"dial failed: {e.Status.Detail}";
        }
        finally
        {
            await link.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The dialing side's TLS: 1.3 only, this process's certificate, and a server that must prove
    /// <paramref name="expected"/>'s node key (nothing else is trusted: no certificate authority is involved).</summary>
    private SocketsHttpHandler CreateHandler(NodeId expected) => new()
    {
        ConnectTimeout = _options.HandshakeTimeout,
        EnableMultipleHttp2Connections = false,
        KeepAlivePingDelay = TimeSpan.FromSeconds(10),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls13,
            ClientCertificates = [Certificate],
            // No server name is sent: the peer is known by its key, not a DNS name (libp2p's rule).
            TargetHost = string.Empty,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                var id = PeerCertificate.IdOf(certificate as X509Certificate2
                    ?? (certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())), DateTimeOffset.UtcNow,
                        out var error);
                if (id == expected) return true;
                _log.LogWarning(NetworkLogEvents.PeerRefused, "peer at {Expected}: {Error}", expected.Short, error
                    ?? $"it proved node {id?.Short}, not {expected.Short}");
                return false;
            },
        },
    };

    /// <summary>Runs one authenticated link (either direction): exchanges Hello, registers the peer (one link per peer),
    /// then reads until the link ends while the peer's write loop sends. Returns how the link ended.</summary>
    public async Task<string> RunLinkAsync(NodeId id, LinkDirection direction, string remote, IEnvelopeStream stream, CancellationToken token)
    {
        if (id == Id) return "refused: a link to itself";
        if (IsBanned(id)) return "refused: the peer is banned";
        var handler = _handler ?? throw new InvalidOperationException("the peer manager is not started");
        using var timeouts = CancellationTokenSource.CreateLinkedTokenSource(token, _stop.Token);
        Hello hello;
        try
        {
            await stream.WriteAsync(new Envelope { Hello = _hello() }, timeouts.Token).ConfigureAwait(false);
            timeouts.CancelAfter(_options.HelloTimeout);
            var first = await stream.ReadAsync(timeouts.Token).ConfigureAwait(false);
            if (first?.Hello is not { } h) return first is null ? "the peer closed the link" : "refused: the first message was not a Hello";
            hello = h;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            return "refused: no Hello in time";
        }

        var local = _hello();
        if (hello.ProtocolVersion != ProtocolVersion) return $"refused: protocol version {hello.ProtocolVersion}, not {ProtocolVersion}";
        if (hello.ChainId != local.ChainId || hello.GenesisHash != local.GenesisHash) return $"refused: the peer runs chain '{hello.ChainId}' from another " +
            $"genesis";

        var dialer = direction == LinkDirection.Outbound ? Id : id;
        var peer = new Peer(id, direction, remote, dialer, hello, _options);
        if (Register(peer) is { } refusal) return "refused: " + refusal;
        _log.LogInformation(NetworkLogEvents.PeerConnected, "peer {Peer} connected ({Direction}, {Remote})", id.Short, direction, remote);
        try
        {
            handler.PeerConnected(peer);
            var writer = peer.WriteLoopAsync(stream);
            var ended = await ReadLoopAsync(peer, stream, handler, timeouts).ConfigureAwait(false);
            peer.Close(ended);
            await writer.ConfigureAwait(false);
            return peer.CloseReason ?? ended;
        }
        finally
        {
            peer.Close("link ended");
            Unregister(peer);
            handler.PeerDisconnected(peer);
            _log.LogInformation(NetworkLogEvents.PeerDisconnected, "peer {Peer} disconnected: {Reason}", id.Short, peer.CloseReason);
        }
    }

    private async Task<string> ReadLoopAsync(Peer peer, IEnvelopeStream stream, IPeerHandler handler, CancellationTokenSource timeouts)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(timeouts.Token, peer.Closing);
        var budget = new ReceiveBudget(_options.PeerReceiveBytesPerSecond);
        try
        {
            while (true)
            {
                timeouts.CancelAfter(_options.IdleTimeout);
                var envelope = await stream.ReadAsync(reading.Token).ConfigureAwait(false);
                if (envelope is null) return "the peer closed the link";
                var wait = budget.Spend(envelope.CalculateSize());
                if (wait > TimeSpan.Zero) await Task.Delay(wait, reading.Token).ConfigureAwait(false);
                var violation = envelope.BodyCase switch
                {
                    Envelope.BodyOneofCase.None => null, // a newer peer's message type: ignored
                    Envelope.BodyOneofCase.Hello => "a second Hello",
                    Envelope.BodyOneofCase.Status => null,
                    _ => null,
                };
                if (envelope.BodyCase == Envelope.BodyOneofCase.Status) peer.Status = envelope.Status;
                violation ??= await handler.ReceiveAsync(peer, envelope, reading.Token).ConfigureAwait(false);
                if (violation is not null)
                {
                    Ban(peer, violation);
                    return "banned: " + violation;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return peer.IsClosed ? peer.CloseReason ?? "closed" : _stop.IsCancellationRequested ? "node stopping" : "idle: nothing received in time";
        }
        catch (Exception e) when (IsGarbage(e))
        {
            // An oversized or unparseable message: garbage.
            Ban(peer, $"undecodable message: {(e is RpcException r ? r.Status.Detail : e.Message)}");
            return "banned: undecodable message";
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException)
        {
            return $"link failed: {e.Message}";
        }
    }

    /// <summary>Whether a failed read was the peer's fault: a message over the size limit, or bytes that do not parse as a
    /// message (protobuf's error, thrown as it is on the listening side, or inside whatever status gRPC wraps it in —
    /// "unavailable" on the dialing side, since that error is an I/O error to it). A link that broke — the peer stopped or
    /// restarted, its connection closed mid-message; gRPC says "internal" with the I/O error inside, or "incomplete
    /// message" — is not: banning an honest validator for restarting kept it out of its peers for 10 minutes.</summary>
    private static bool IsGarbage(Exception e)
    {
        if (e is RpcException { StatusCode: StatusCode.ResourceExhausted }) return true;
        var depth = 0;
        for (Exception? inner = e; inner is not null && depth++ < 16;
            inner = inner is RpcException r ? r.Status.DebugException ?? r.InnerException : inner.InnerException)
        {
            if (inner is Google.Protobuf.InvalidProtocolBufferException) return true;
        }

        return false;
    }

    /// <summary>Adds a link; if the peer already has one, the link opened by the node with the lower id survives (both
    /// sides apply the same rule, so simultaneous dials settle on one link), and a redial by the same node replaces its
    /// old link (which it has given up on).</summary>
    private string? Register(Peer peer)
    {
        lock (_peers)
        {
            if (_peers.TryGetValue(peer.Id, out var existing))
            {
                if (string.CompareOrdinal(peer.Dialer.Hex, existing.Dialer.Hex) > 0) return "a link to this peer exists";
                existing.Close("replaced by a newer link");
            }
            else if (peer.Direction == LinkDirection.Inbound && !_persistent.Contains(peer.Id)
                && _peers.Values.Count(p => p.Direction == LinkDirection.Inbound) >= _options.MaxInboundPeers)
            {
                return "too many inbound peers";
            }

            _peers[peer.Id] = peer;
            _snapshot = [.. _peers.Values];
            return null;
        }
    }

    private void Unregister(Peer peer)
    {
        lock (_peers)
        {
            if (_peers.TryGetValue(peer.Id, out var current) && current == peer)
            {
                _peers.Remove(peer.Id);
                _snapshot = [.. _peers.Values];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var p in _snapshot) p.Close("node stopping");
        try
        {
            await Task.WhenAll(_dialers).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        Certificate.Dispose();
        _stop.Dispose();
    }

    /// <summary>A token bucket of bytes per second, one second deep: how long to wait before reading on.</summary>
    private sealed class ReceiveBudget(long bytesPerSecond)
    {
        private double _tokens = bytesPerSecond;
        private long _at = Environment.TickCount64;

        public TimeSpan Spend(int bytes)
        {
            var now = Environment.TickCount64;
            _tokens = Math.Min(bytesPerSecond, _tokens + ((now - _at) * bytesPerSecond / 1000.0));
            _at = now;
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / bytesPerSecond);
        }
    }
}
