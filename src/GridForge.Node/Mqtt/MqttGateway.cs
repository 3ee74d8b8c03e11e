using System.Net;
using System.Threading.Channels;
using GridForge.Chain;
using GridForge.Core.Primitives;
using Microsoft.Extensions.Logging;

namespace GridForge.Node.Mqtt;

/// <summary>The node's MQTT gateway for meters (DESIGN §8, docs/meters-mqtt.md): takes signed readings from its embedded broker or
/// an external one, checks them before spending anything, makes every acknowledged one durable, batches them into transactions
/// signed by its own account through the node's admission path, and publishes each reading's outcome once it is on chain.</summary>
/// <remarks>Partial by feature: <c>MqttGateway.Intake.cs</c> (checks, verification, the durable queue),
/// <c>MqttGateway.Batches.cs</c> (transactions, outcomes, recovery after a crash).</remarks>
public sealed partial class MqttGateway : IAsyncDisposable
{
    private readonly ChainNode _node;
    private readonly MqttGatewayOptions _options;
    private readonly ILogger _log;
    private readonly GatewayQueue _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private IOutcomeSink _sink = null!;
    private EmbeddedBroker? _embedded;
    private ExternalBroker? _external;
    private Task _intakeLoop = Task.CompletedTask;
    private Task _batchLoop = Task.CompletedTask;
    private int _disposed;

    private MqttGateway(ChainNode node, MqttGatewayOptions options, ILogger log, GatewayQueue queue)
    {
        _node = node;
        _options = options;
        _log = log;
        _queue = queue;
    }

    public GatewayStats Stats { get; } = new();

    /// <summary>The gateway's account, which signs its batches and pays their fees.</summary>
    public Address Account => _options.Key.Address;

    /// <summary>Where the embedded broker listens (null with an external broker).</summary>
    public IPEndPoint? Endpoint => _embedded?.Endpoint;

    /// <summary>The external broker's address (null with the embedded broker).</summary>
    public string? BrokerAddress => _options.Broker is { } b ? $"{(b.Tls ? "mqtts" : "mqtt")}://{b.Host}:{b.Port}" : null;

    /// <summary>True while the gateway can take readings: always with the embedded broker, while connected with an external one.</summary>
    public bool Connected => _external?.Connected ?? _embedded is not null;

    /// <summary>Clients connected to the embedded broker.</summary>
    public int Clients => _embedded?.Clients ?? 0;

    /// <summary>Readings held: queued, in transactions, or awaiting the publication of their outcome.</summary>
    public int Held
    {
        get
        {
            lock (_gate) return _held.Count;
        }
    }

    /// <summary>Opens the durable queue beside the chain (<c>mqtt-gateway.db</c>), resumes what a previous run left in it, and
    /// starts the embedded broker or connects to the external one.</summary>
    public static async Task<MqttGateway> StartAsync(ChainNode node, MqttGatewayOptions options, ILogger log)
    {
        if ((options.Listen is null) == (options.Broker is null)) throw new ArgumentException(
            "the gateway needs either an embedded broker's address or an external broker, not both");
        var directory = Path.GetDirectoryName(Path.GetFullPath(node.DataPath))!;
        var gateway = new MqttGateway(node, options, log, GatewayQueue.Open(Path.Combine(directory, GatewayQueue.FileName)));
        try
        {
            gateway.Recover();
            if (options.Listen is { } listen)
            {
                gateway._embedded = await EmbeddedBroker.StartAsync(gateway, listen, options).ConfigureAwait(false);
                gateway._sink = gateway._embedded;
            }
            else
            {
                gateway._external = new ExternalBroker(gateway, options.Broker!, log);
                gateway._sink = gateway._external;
                gateway._external.Start();
            }

            node.BlockCommitted += gateway.OnBlockCommitted;
            gateway._intakeLoop = Task.Run(gateway.IntakeLoopAsync);
            gateway._batchLoop = Task.Run(gateway.BatchLoopAsync);
            gateway.Wake();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnBlockCommitted(Chain.Blocks.Block block, IReadOnlyList<Runtime.Execution.TxResult> results, IReadOnlyList<Runtime.Execution.Event> events)
    {
        Interlocked.Exchange(ref _blocksSeen, 1);
        Wake();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    // At most one line every half minute for the same kind of trouble: a broker that is down would otherwise fill the console.
    private readonly Dictionary<string, long> _saidAt = new(StringComparer.Ordinal);

    internal void Problem(string kind, string text)
    {
        Stats.LastProblem = text;
        lock (_saidAt)
        {
            var now = Environment.TickCount64;
            if (_saidAt.TryGetValue(kind, out var at) && now - at < 30_000) return;
            _saidAt[kind] = now;
        }

        _log.LogWarning("mqtt gateway: {Problem}", text);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _node.BlockCommitted -= OnBlockCommitted;
        // New publishes are deferred (not acknowledged) from here on; the intake writes what it already took and the batches stop.
        // The loops publish through the broker, so they end before it does; what is durable stays in the queue for the next start.
        await _stop.CancelAsync().ConfigureAwait(false);
        _intake.Writer.TryComplete();
        await _intakeLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _batchLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        DeferUnwritten();
        if (_embedded is not null) await _embedded.DisposeAsync().ConfigureAwait(false);
        if (_external is not null) await _external.DisposeAsync().ConfigureAwait(false);
        _queue.Dispose();
        _stop.Dispose();
    }
}
