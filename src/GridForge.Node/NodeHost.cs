using System.Text.Json;
using GridForge.Chain;
using GridForge.Chain.Production;
using GridForge.Node.Api;
using GridForge.Node.Mqtt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridForge.Node;

/// <summary>The <c>gridforge node</c> process: a chain, its block production and the REST API.</summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BlockProductionLoop? _producer;
    private int _disposed;

    private NodeHost(WebApplication app, ChainNode chain, BlockProductionLoop? producer, MqttGateway? mqtt)
    {
        _app = app;
        Chain = chain;
        _producer = producer;
        Mqtt = mqtt;
    }

    public ChainNode Chain { get; }

    /// <summary>The MQTT gateway for meters, when the node runs one (docs/meters-mqtt.md).</summary>
    public MqttGateway? Mqtt { get; }

    /// <summary>The address the API listens on, e.g. http://127.0.0.1:8080 (a real port when 0 was asked for).</summary>
    public string Url => _app.Urls.First();

    /// <summary>Starts the API (and block production when <paramref name="produceBlocks"/>); <paramref name="clock"/> dates
    /// the blocks and the sandbox bank's records (the system clock by default, a <see cref="ScaledClock"/> for a fast dev network);
    /// with <paramref name="mqtt"/> the node runs the MQTT gateway for meters (its embedded broker, or a client of an external one);
    /// with <paramref name="network"/> (a node run from its home) it serves <c>/api/v1/network</c>.</summary>
    public static async Task<NodeHost> StartAsync(ChainNode chain, string listenUrl, bool produceBlocks, LogLevel logLevel = LogLevel.Warning, TimeProvider? clock = null,
        MqttGatewayOptions? mqtt = null, Network.ChainNetwork? network = null)
    {
        clock ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(logLevel);
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
        Dashboard.DashboardEndpoints.Map(app);
        if (network is not null) NetworkEndpoints.Map(app, network);
        // A handler or an end-of-block item that threw never stops a block (architecture.md, "Nothing stops a block"); it is a bug,
        // so the log says where and what, with the stack.
        var runtimeLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridForge.Runtime");
        chain.Runtime.Modules.FailureObserved += (where, e) => runtimeLog.LogError(e, "contained a failure in {Where}; the block went on", where);
        BlockProductionLoop? producer = null;
        if (produceBlocks)
        {
            producer = new BlockProductionLoop(chain, clock);
            producer.Start();
        }

        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || e.InnerException is System.Net.Sockets.SocketException)
        {
            producer?.Dispose();
            if (gateway is not null) await gateway.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"the API address {listenUrl} is already in use (another node or program listens there): choose another port", e);
        }
        catch
        {
            producer?.Dispose();
            if (gateway is not null) await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new NodeHost(app, chain, producer, gateway);
    }

    public Task WaitForShutdownAsync(CancellationToken token) => _app.WaitForShutdownAsync(token);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // The gateway first: what it holds stays in its durable queue for the next start.
        if (Mqtt is not null) await Mqtt.DisposeAsync().ConfigureAwait(false);
        _producer?.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Chain.Dispose();
    }
}
