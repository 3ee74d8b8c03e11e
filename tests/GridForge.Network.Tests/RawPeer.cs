using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GridForge.Network.Identity;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using GridForge.Network.Transport;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace GridForge.Network.Tests;

/// <summary>A peer that writes gRPC's framing by hand on a real link (TLS 1.3 with its node certificate, HTTP/2, loopback):
/// after a proper Hello it sends whatever bytes a test gives it — a message protobuf cannot parse, one over the size
/// limit, half of one — either dialing a node (<see cref="DialAsync"/>) or dialed by one (<see cref="ListenAsync"/>).</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private static readonly string ConnectPath = $"/{PeerLink.Descriptor.FullName}/Connect";

    private readonly TaskCompletionSource<RawLink> _link = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private SocketsHttpHandler? _handler;
    private Socket? _socket;
    private Task? _call;
    private WebApplication? _app;
    private int _port;

    private RawPeer()
    {
        Certificate = PeerCertificate.Create(Key, DateTimeOffset.UtcNow);
    }

    public NodeKey Key { get; } = NodeKey.Generate();

    public NodeId Id => Key.Id;

    private X509Certificate2 Certificate { get; }

    /// <summary>Where a node dials this peer (when it listens).</summary>
    public PeerAddress Address => new(Key.Id, "127.0.0.1", _port);

    /// <summary>The link, once its Hello is sent.</summary>
    public Task<RawLink> Link => _link.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>A gRPC message frame: a byte saying uncompressed, the payload's length (big-endian), the payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload) => Frame(payload.Length, payload);

    /// <summary>A frame whose header says <paramref name="declared"/> bytes follow (a test may send fewer).</summary>
    public static byte[] Frame(int declared, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)declared);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    private static byte[] HelloFrame() => Frame(new Envelope
    {
        Hello = new Hello { ProtocolVersion = PeerManager.ProtocolVersion, ChainId = "gridforge-test", GenesisHash = LinkHarness.Genesis },
    }.ToByteArray());

    /// <summary>Dials the node listening on <paramref name="port"/> and sends its Hello.</summary>
    public static async Task<RawPeer> DialAsync(int port)
    {
        var peer = new RawPeer();
        peer._handler = new SocketsHttpHandler
        {
            // The socket kept, so that the test can close it as a stopping process does.
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                peer._socket = socket;
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificates = [peer.Certificate],
                TargetHost = string.Empty,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        var content = new DuplexContent();
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, $"https://127.0.0.1:{port}{ConnectPath}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.ParseAdd("trailers");
        var client = new HttpMessageInvoker(peer._handler, disposeHandler: false);
        // The node's answers are never read: this peer only sends. The call ends when the node or the test breaks the link.
        peer._call = client.SendAsync(request, peer._stop.Token).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        var stream = await content.Stream.WaitAsync(TimeSpan.FromSeconds(60));
        var link = new RawLink(stream, () => peer._socket!.Dispose(), content.End);
        await link.SendAsync(HelloFrame());
        peer._link.SetResult(link);
        return peer;
    }

    /// <summary>Listens on a loopback port; a node that dials it is sent a Hello, then what the test sends on <see cref="Link"/>.</summary>
    public static async Task<RawPeer> ListenAsync()
    {
        var peer = new RawPeer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = peer.Certificate,
                SslProtocols = SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            });
        }));
        var app = builder.Build();
        app.MapPost(ConnectPath, (RequestDelegate)(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.StartAsync();
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var link = new RawLink(context.Response.Body, context.Abort, () => ended.TrySetResult());
            await link.SendAsync(HelloFrame());
            peer._link.TrySetResult(link);
            // Returning ends the response stream (as a peer ending the call does).
            await ended.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }));
        await app.StartAsync();
        peer._app = app;
        peer._port = new Uri(app.Urls.First()).Port;
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _handler?.Dispose();
        if (_call is not null) await _call;
        if (_app is not null) await _app.DisposeAsync();
        Certificate.Dispose();
        Key.Dispose();
        _stop.Dispose();
    }

    /// <summary>A request body that stays open: the stream HTTP/2 sends on, handed out as soon as the request starts.</summary>
    private sealed class DuplexContent : HttpContent
    {
        private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Stream> Stream => _stream.Task;

        /// <summary>Ends the request stream (the peer's side of the call).</summary>
        public void End() => _done.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _stream.TrySetResult(stream);
            await _done.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            _done.TrySetResult();
            base.Dispose(disposing);
        }
    }
}

/// <summary>One raw link's sending side.</summary>
internal sealed class RawLink(Stream stream, Action abort, Action end)
{
    public async Task SendAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    /// <summary>Sends what the node may refuse before it has all arrived (a frame whose header is over its limit): the node
    /// cutting the link meanwhile is not a failure.</summary>
    public async Task SendUnlessCutAsync(byte[] bytes)
    {
        try
        {
            await SendAsync(bytes);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>Breaks the link at once, as a peer that stops or restarts does (whatever it was sending is cut): the dialing
    /// peer closes its socket, the listening one resets the call's stream.</summary>
    public void Abort() => abort();

    /// <summary>Ends the peer's side of the call, whatever it was sending (a frame cut short at the end of the stream).</summary>
    public void End() => end();
}
