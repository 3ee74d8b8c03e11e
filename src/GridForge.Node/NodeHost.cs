using System.Text.Json;
using GridForge.Chain;
using GridForge.Chain.Production;
using GridForge.Node.Api;
using GridForge.Node.Observability;
using GridForge.Node.Mqtt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridForge.Node;

/// <summary>Node-local settings of the host: logging, health thresholds (configuration keys <c>log.*</c> and
/// <c>storage.*</c>, docs/operations.md).</summary>
public sealed record NodeHostOptions
{
    public LogFormat LogFormat { get; init; } = LogFormat.Auto;

    /// <summary>Readiness fails when the data directory's filesystem has less free space than this.</summary>
    public long MinFreeBytes { get; init; } = 256L * 1024 * 1024;
}

/// <summary>The <c>gridforge node</c> process: a chain, its block production, the REST API, metrics and health.</summary>
public sealed partial class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BlockProductionLoop? _producer;
    private readonly NodeNetwork? _network;
    private int _disposed;

    private NodeHost(WebApplication app, ChainNode chain, BlockProductionLoop? producer, NodeMetrics metrics, MqttGateway? mqtt, NodeNetwork? network)
    {
        _app = app;
        Chain = chain;
        _producer = producer;
        _network = network;
        Metrics = metrics;
        Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridForge.Node");
        Mqtt = mqtt;
    }

    public ChainNode Chain { get; }

    /// <summary>The node's Prometheus metrics (served at <c>/metrics</c>).</summary>
    public NodeMetrics Metrics { get; }

    /// <summary>The node's log (category GridForge.Node), configured as the host's options say.</summary>
    public ILogger Logger { get; }

    /// <summary>The logger factory of the node's log, for the parts of a node that run beside the host.</summary>
    public ILoggerFactory LoggerFactory => _app.Services.GetRequiredService<ILoggerFactory>();

    /// <summary>Why block production stopped, or null while it runs (or when this node makes no blocks).</summary>
    public Exception? ProductionFailure => _producer?.Failure;

    /// <summary>The MQTT gateway for meters, when the node runs one (docs/meters-mqtt.md).</summary>
    public MqttGateway? Mqtt { get; }

    /// <summary>The address the API listens on, e.g. http://127.0.0.1:8080 (a real port when 0 was asked for).</summary>
    public string Url => _app.Urls.First();

    /// <summary>Starts the API (and block production when <paramref name="produceBlocks"/>); <paramref name="clock"/> dates
    /// the blocks and the sandbox bank's records (the system clock by default, a <see cref="ScaledClock"/> for a fast dev network);
    /// with <paramref name="mqtt"/> the node runs the MQTT gateway for meters (its embedded broker, or a client of an external one);
    /// with <paramref name="network"/> (a node run from its home) it serves <c>/api/v1/network</c>, the network's metrics and its
    /// readiness checks.</summary>
    public static async Task<NodeHost> StartAsync(ChainNode chain, string listenUrl, bool produceBlocks, LogLevel logLevel = LogLevel.Warning,
        TimeProvider? clock = null,
        MqttGatewayOptions? mqtt = null, NodeHostOptions? options = null, NodeNetwork? network = null)
    {
        clock ??= TimeProvider.System;
        options ??= new NodeHostOptions();
        var started = clock.GetUtcNow();
        var builder = WebApplication.CreateSlimBuilder();
        NodeLogging.Configure(builder.Logging, options.LogFormat, logLevel);
        // The host's own Ctrl+C/SIGTERM handling stops the API; the node's shutdown (block in progress, store) follows in DisposeAsync.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.WebHost.UseUrls(listenUrl);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = ApiErrors.MaxBodyBytes;
            k.Limits.MaxRequestLineSize = ApiErrors.MaxRequestLineBytes;
        });
        builder.Services.AddProblemDetails();
        // A parameter that does not bind throws, so that ApiErrors words it as a problem (never the framework's empty 400).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi("v1", OpenApiContract.Configure);
        // Handlers read state through ReadState, which opens its view on this node.
        builder.Services.AddSingleton(chain);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // Numbers are JSON numbers: "1000" where an amount belongs is refused as malformed, as the chain refuses a wrong type.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            DomainJsonConverters.AddTo(o.SerializerOptions.Converters);
        });
        var app = builder.Build();
        var metrics = new NodeMetrics(chain);
        BlockProductionLoop? producer = produceBlocks ? new BlockProductionLoop(chain, clock) : null;
        // On a network, blocks are made by consensus: its failure is the node's production stopping.
        Func<Exception?> productionFailure = network is not null ? () => network.Consensus?.Failure : () => producer?.Failure;
        metrics.ProductionStopped = () => productionFailure() is not null;
        if (network is not null) metrics.Add(network);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridForge.Node");
        var requests = new ApiRequestMetrics(metrics.Factory, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridForge.Node.Api"));
        // Outermost: it sees the status the API's error handling finally answers.
        app.Use(requests.InvokeAsync);
        ApiErrors.Use(app, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridForge.Api"));
        app.UseRouting();
        app.MapOpenApi("/api/v1/openapi.json");
        // Every API endpoint refuses query parameters it does not take and slots out of range (ApiErrors.CheckParameters).
        var api = app.MapGroup("").AddEndpointFilterFactory(ApiErrors.CheckParameters);
        ChainEndpoints.Map(api, chain, clock);
        // One line per module's endpoints (src/GridForge.Node/Api/<Module>Endpoints.cs).
        StablecoinEndpoints.Map(api, chain, clock);
        GridEndpoints.Map(api, chain);
        MeteringEndpoints.Map(api, chain);
        StakingEndpoints.Map(api, chain);
        GovernanceEndpoints.Map(api, chain);
        MarketEndpoints.Map(api, chain);
        ContractsEndpoints.Map(api, chain);
        DisputesEndpoints.Map(api, chain);
        // Before the API listens: a broker port already taken stops the node here, with nothing half started.
        var gateway = mqtt is null ? null
            : await MqttGateway.StartAsync(chain, mqtt, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridForge.Mqtt")).ConfigureAwait(false);
        MqttEndpoints.Map(api, gateway);
        if (gateway is not null) metrics.Add(gateway);
        Dashboard.DashboardEndpoints.Map(app);
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
        }).ExcludeFromDescription();
        HealthEndpoints.Map(app, new HealthEndpoints.Inputs(chain, metrics, productionFailure, produceBlocks, options.MinFreeBytes, clock, started, network));
        chain.BlockCommitted += (block, results, _) => LogBlockCommitted(log, block.Header.Height, results.Count, chain.LastCommitDuration.TotalMilliseconds);
        if (network is not null) NetworkEndpoints.Map(app, network.Network);
        // A handler or an end-of-block item that threw never stops a block (architecture.md, "Nothing stops a block"); it is a bug,
        // so the log says where and what, with the stack.
        var runtimeLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridForge.Runtime");
        chain.Runtime.Modules.FailureObserved += (where, e) =>
            runtimeLog.LogError(LogEvents.FailureContained, e, "contained a failure in {Where}; the block went on", where);
        if (producer is not null)
        {
            producer.Start();
            _ = producer.Completion.ContinueWith(_ =>
            {
                if (producer.Failure is { } failure) LogProductionStopped(log, failure, chain.Height);
            }, TaskScheduler.Default);
        }

        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
            || e.InnerException is System.Net.Sockets.SocketException)
        {
            producer?.Dispose();
            if (gateway is not null) await gateway.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the API address {listenUrl} is already in use (another node or program listens there): choose another port",
                e);
        }
        catch
        {
            producer?.Dispose();
            if (gateway is not null) await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new NodeHost(app, chain, producer, metrics, gateway, network);
    }

    [LoggerMessage(EventId = LogEvents.BlockCommitted, Level = LogLevel.Debug,
        Message = "block {Height} committed: {Transactions} transactions, SQLite commit {CommitMs:0.0} ms")]
    private static partial void LogBlockCommitted(ILogger logger, ulong height, int transactions, double commitMs);

    [LoggerMessage(EventId = LogEvents.ProductionStopped, Level = LogLevel.Critical,
        Message = "block production stopped after height {Height}: the node serves reads but makes no blocks")]
    private static partial void LogProductionStopped(ILogger logger, Exception failure, ulong height);

    public Task WaitForShutdownAsync(CancellationToken token) => _app.WaitForShutdownAsync(token);

    /// <summary>Stops the node cleanly: block production first (the block in progress is finished and committed, none is
    /// started after), then the API (requests in flight are answered), then the store is closed; the log says each step.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        LogStopping(Logger, Chain.Height);
        // The gateway first: what it holds stays in its durable queue for the next start.
        if (Mqtt is not null) await Mqtt.DisposeAsync().ConfigureAwait(false);
        _producer?.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        var height = Chain.Height;
        Chain.Dispose();
        LogStopped(Logger, height);
        // Last: the log's own queue is flushed here.
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = LogEvents.NodeStopping, Level = LogLevel.Information,
        Message = "stopping at height {Height}: finishing the block in progress, then the API, then the store")]
    private static partial void LogStopping(ILogger logger, ulong height);

    [LoggerMessage(EventId = LogEvents.NodeStopped, Level = LogLevel.Information, Message = "stopped cleanly at height {Height}: the store is closed")]
    private static partial void LogStopped(ILogger logger, ulong height);

    /// <summary>What this node does for the chain, as the start line says it.</summary>
    public string Role => _network is { } n
        ? n.Consensus is not null ? "validator: consensus with its peers" : "full node: follows the chain by block sync"
        : _producer is not null ? "the only validator: makes every block" : "no validator key: makes no blocks";

    /// <summary>Logs that the node is up, with where it serves and keeps its data and what it does.</summary>
    public void LogStarted()
    {
        var data = Path.GetDirectoryName(Chain.DataPath)!;
        if (_network is { } n) LogNetworkNodeStarted(Logger, Chain.ChainId, Chain.Height, Url, data, Role, n.Network.Key.Id.Hex,
            n.Network.Server?.Endpoint.ToString() ?? "none (no inbound links)");
        else LogNodeStarted(Logger, Chain.ChainId, Chain.Height, Url, data, Role);
    }

    [LoggerMessage(EventId = LogEvents.NodeStarted, Level = LogLevel.Information,
        Message = "node started: chain {ChainId} at height {Height}, API {Url}, data {DataDirectory}, {Role}")]
    private static partial void LogNodeStarted(ILogger logger, string chainId, ulong height, string url, string dataDirectory, string role);

    [LoggerMessage(EventId = LogEvents.NodeStarted, Level = LogLevel.Information,
        Message = "node started: chain {ChainId} at height {Height}, API {Url}, data {DataDirectory}, {Role}, node id {NodeId}, P2P listen {P2pListen}")]
    private static partial void LogNetworkNodeStarted(ILogger logger, string chainId, ulong height, string url, string dataDirectory, string role,
        string nodeId, string p2pListen);
}
