using System.Net;
using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace GridForge.Node.Mqtt;

/// <summary>The embedded broker's TCP listener: MQTTnet's own, but every connection goes through a <see cref="FrameLimitChannel"/>
/// (no packet over <see cref="MaxPacketBytes"/>) and a <see cref="BatchingChannel"/> (a system call per burst, not per packet).
/// Binding happens in the constructor, so a port already taken is known before anything else starts.</summary>
internal sealed class GatewayServerAdapter : IMqttServerAdapter
{
    /// <summary>The longest MQTT packet a client may send: a reading's publish is about 500 bytes; a SUBSCRIBE naming a few hundred
    /// meters' outcome topics fits too.</summary>
    public const int MaxPacketBytes = 32 * 1024;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private MqttServerOptions? _options;
    private IMqttNetLogger? _logger;
    private int _disposed;

    public GatewayServerAdapter(IPEndPoint endpoint)
    {
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(endpoint);
            _listener.Listen(512);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }

        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint Endpoint { get; }

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _logger = logger;
        _ = Task.Run(AcceptAsync);
        return Task.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            client.NoDelay = true;
            var stream = new NetworkStream(client, ownsSocket: true);
            var batching = new BatchingChannel(new MqttTcpChannel(stream, client.LocalEndPoint, client.RemoteEndPoint, null));
            using var channel = new FrameLimitChannel(batching, MaxPacketBytes);
            using var adapter = new MqttChannelAdapter(channel,
                new MqttPacketFormatterAdapter(new MqttBufferWriter(_options!.WriterBufferSize, _options.WriterBufferSizeMax)), _logger);
            if (ClientHandler is { } handler) await handler(adapter).ConfigureAwait(false);
            // Whatever MQTTnet wrote last (a DISCONNECT with its reason) leaves before the socket closes.
            await batching.DrainAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException
            or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The client went away, or broke the protocol: its connection ends, nothing else does.
        }
        finally
        {
            client.Dispose();
        }
    }

    public Task StopAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }
}
