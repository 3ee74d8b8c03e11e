using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using GridForge.Network.Peers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GridForge.Network.Transport;

/// <summary>The peer-to-peer listener: Kestrel on its own port, HTTP/2 over TLS 1.3 only, a client certificate required
/// and checked (<see cref="PeerCertificate"/>), with limits on connections per IP address, handshake time, header size and
/// streams per connection. It serves nothing but <c>PeerLink.Connect</c>; the REST API listens elsewhere.</summary>
public sealed class P2pServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private P2pServer(WebApplication app, IPEndPoint endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    public static async Task<P2pServer> StartAsync(string listen, PeerManager peers, LogLevel logLevel = LogLevel.Warning)
    {
        var endpoint = ParseEndpoint(listen);
        var options = peers.Options;
        var builder = WebApplication.CreateSlimBuilder();
        options.Logging?.Invoke(builder.Logging);
        builder.Logging.SetMinimumLevel(logLevel);
        // Kestrel's own connection logs would print every refused handshake, gRPC's every link that ends while its call runs;
        // the peer manager logs what matters (events 1400–1404).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Error);
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical);
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = options.MaxMessageBytes;
            o.MaxSendMessageSize = options.MaxMessageBytes;
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton(peers);
        var perIp = new ConcurrentDictionary<IPAddress, int>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxConcurrentConnections = Math.Max(64, (options.MaxInboundPeers + options.PersistentPeers.Count) * 4);
            k.Limits.RequestHeadersTimeout = options.HandshakeTimeout;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestBodySize = null; // gRPC streams are bounded per message, not per stream
            k.Limits.Http2.MaxStreamsPerConnection = 2;
            k.Limits.Http2.InitialConnectionWindowSize = 8 * 1024 * 1024;
            k.Limits.Http2.InitialStreamWindowSize = 4 * 1024 * 1024;
            k.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(10);
            k.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            k.Listen(endpoint, listenOptions =>
            {
                listenOptions.Protocols = HttpProtocols.Http2;
                // Before TLS: a bound on connections from one address, so that idle sockets cannot exhaust the listener.
                listenOptions.Use(next => async connection =>
                {
                    var ip = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
                    if (perIp.AddOrUpdate(ip, 1, (_, n) => n + 1) > options.MaxConnectionsPerIp)
                    {
                        perIp.AddOrUpdate(ip, 0, (_, n) => n - 1);
                        connection.Abort();
                        return;
                    }

                    try
                    {
                        await next(connection).ConfigureAwait(false);
                    }
                    finally
                    {
                        perIp.AddOrUpdate(ip, 0, (_, n) => n - 1);
                    }
                });
                listenOptions.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = peers.Certificate,
                    SslProtocols = SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    HandshakeTimeout = options.HandshakeTimeout,
                    ClientCertificateValidation = (certificate, _, _) => PeerCertificate.TryVerify(certificate, DateTimeOffset.UtcNow, out _, out _),
                });
            });
        });
        var app = builder.Build();
        app.MapGrpcService<PeerLinkService>();
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message
            .Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new NetworkConfigException($"the peer-to-peer address {listen} is already in use (another node or program listens there): choose another " +
                $"p2p listen port");
        }

        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        return new P2pServer(app, new IPEndPoint(endpoint.Address, port));
    }

    /// <summary>host:port with an IP address (0.0.0.0 or [::] for every interface).</summary>
    public static IPEndPoint ParseEndpoint(string listen) => TryParseEndpoint(listen, out var endpoint) ? endpoint!
        : throw new NetworkConfigException($"'{listen}' is not a listen address: give ip:port, for example 0.0.0.0:26656 or 127.0.0.1:26656");

    /// <summary>The listener's reading of <paramref name="listen"/> (ip:port, or localhost:port), for checking a configuration
    /// before anything starts.</summary>
    public static bool TryParseEndpoint(string listen, out IPEndPoint? endpoint)
    {
        if (IPEndPoint.TryParse(listen, out endpoint) && endpoint.Port is >= 0 and <= 65_535 && listen.Contains(':', StringComparison.Ordinal)) return true;
        endpoint = listen.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(listen[10..], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65_535
            ? new IPEndPoint(IPAddress.Loopback, port) : null;
        return endpoint is not null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A network setting that cannot work (a malformed address, a port in use).</summary>
public sealed class NetworkConfigException(string message) : Exception(message);
