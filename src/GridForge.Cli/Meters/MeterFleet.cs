using System.Collections.Concurrent;
using System.Text.Json;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Modules.Metering;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace GridForge.Cli.Meters;

/// <summary>Meters publishing their signed readings over MQTT as devices do (docs/meters-mqtt.md): each reading QoS 1 on its meter's
/// readings topic, as the JSON line <c>meter sign</c> prints, and each meter's outcomes heard on its outcomes topic. N meters share
/// C connections: one per meter by default, or fewer, as data concentrators carrying many meters each. Used by
/// <c>meter simulate</c>, the dev community and <c>bench mqtt</c>.</summary>
internal sealed class MeterFleet : IAsyncDisposable
{
    private readonly IMqttClient[] _clients;
    private readonly MqttClientOptions[] _options;
    private readonly Dictionary<MeterId, int> _connectionOf;
    private readonly SemaphoreSlim[] _inFlight;
    private readonly ConcurrentQueue<FleetOutcome> _outcomes = new();
    private long _acknowledged, _refusedByBroker, _accepted, _refused;

    private readonly bool _hearOutcomes;

    private MeterFleet(IMqttClient[] clients, MqttClientOptions[] options, Dictionary<MeterId, int> connectionOf, int maxInFlight, bool hearOutcomes)
    {
        _hearOutcomes = hearOutcomes;
        _clients = clients;
        _options = options;
        _connectionOf = connectionOf;
        _inFlight = [.. clients.Select(_ => new SemaphoreSlim(maxInFlight))];
    }

    /// <summary>Publishes acknowledged by the broker (with MQTT 5, with a success reason).</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Publishes the broker acknowledged with an error reason (MQTT 5): dropped by the gateway.</summary>
    public long RefusedByBroker => Interlocked.Read(ref _refusedByBroker);

    /// <summary>Outcomes heard: accepted on chain, and refused (by the chain or the gateway).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Takes the outcomes heard since the last call.</summary>
    public List<FleetOutcome> TakeOutcomes()
    {
        var list = new List<FleetOutcome>();
        while (_outcomes.TryDequeue(out var o)) list.Add(o);
        return list;
    }

    /// <summary>Connects <paramref name="connections"/> clients to <paramref name="broker"/> (<c>mqtt://host[:port]</c>) and subscribes
    /// each to its meters' outcome topics (unless <paramref name="hearOutcomes"/> is false).</summary>
    public static async Task<MeterFleet> ConnectAsync(string broker, IReadOnlyList<MeterId> meters, int connections, CancellationToken ct,
        int maxInFlightPerConnection = 64, bool hearOutcomes = true, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        ExternalBrokerOptions target;
        try
        {
            target = ExternalBrokerOptions.Parse(broker);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, 2);
        }

        if (target.Tls) throw new CliException("the meter simulator speaks plain MQTT (mqtt://); put TLS in front of it if the broker needs it", 2);
        connections = Math.Clamp(connections, 1, Math.Max(1, meters.Count));
        var factory = new MqttClientFactory();
        var clients = new IMqttClient[connections];
        var options = new MqttClientOptions[connections];
        var connectionOf = new Dictionary<MeterId, int>();
        for (var i = 0; i < meters.Count; i++) connectionOf[meters[i]] = i % connections;
        var fleet = new MeterFleet(clients, options, connectionOf, maxInFlightPerConnection, hearOutcomes);
        try
        {
            await Parallel.ForAsync(0, connections, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (c, token) =>
            {
                var own = meters.Where((_, i) => i % connections == c).ToList();
                // A meter on its own connection uses its id as client id; a concentrator, its first meter's.
                options[c] = new MqttClientOptionsBuilder().WithTcpServer(target.Host, target.Port).WithProtocolVersion(version)
                    .WithClientId((own.Count == 1 ? "" : $"concentrator-{c}-") + own[0].ToString()[..Math.Min(40, own[0].ToString().Length)])
                    .WithCleanSession().WithKeepAlivePeriod(TimeSpan.FromSeconds(30)).WithTimeout(TimeSpan.FromSeconds(30)).Build();
                var client = factory.CreateMqttClient();
                client.ApplicationMessageReceivedAsync += fleet.OnOutcome;
                clients[c] = client;
                await fleet.ConnectAsync(c, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return fleet;
        }
        catch (Exception e) when (e is not OperationCanceledException and not CliException)
        {
            await fleet.DisposeAsync().ConfigureAwait(false);
            throw new CliException($"cannot connect the meters to {broker}: {e.Message}");
        }
    }

    private async Task ConnectAsync(int c, CancellationToken ct)
    {
        await _clients[c].ConnectAsync(_options[c], ct).ConfigureAwait(false);
        if (!_hearOutcomes) return;
        var own = _connectionOf.Where(kv => kv.Value == c).Select(kv => kv.Key).ToList();
        // A few hundred topics per SUBSCRIBE keeps each packet well under a broker's packet limit.
        foreach (var chunk in own.Chunk(200))
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var meter in chunk) subscribe.WithTopicFilter(MeterTopics.Outcomes(meter), MqttQualityOfServiceLevel.AtLeastOnce);
            await _clients[c].SubscribeAsync(subscribe.Build(), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes one reading on its meter's topic (QoS 1) and waits for the broker's acknowledgement; after a dropped
    /// connection it reconnects and sends the reading again (the gateway recognises a copy). False when the broker acknowledged
    /// it with an error reason (MQTT 5).</summary>
    public async Task<bool> PublishAsync(string chainId, MeterReading reading, CancellationToken ct)
    {
        var c = _connectionOf[reading.Meter];
        var message = new MqttApplicationMessageBuilder().WithTopic(MeterTopics.Readings(reading.Meter)).WithPayload(ReadingPayload.Format(chainId, reading))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await _inFlight[c].WaitAsync(ct).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (!_clients[c].IsConnected) await ConnectAsync(c, ct).ConfigureAwait(false);
                    var result = await _clients[c].PublishAsync(message, ct).ConfigureAwait(false);
                    if (result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
                    {
                        Interlocked.Increment(ref _acknowledged);
                        return true;
                    }

                    Interlocked.Increment(ref _refusedByBroker);
                    return false;
                }
                catch (Exception e) when (e is not OperationCanceledException && attempt < 5)
                {
                    await Task.Delay(200 * attempt, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _inFlight[c].Release();
        }
    }

    private Task OnOutcome(MqttApplicationMessageReceivedEventArgs e)
    {
        try
        {
            var json = JsonDocument.Parse(e.ApplicationMessage.Payload).RootElement;
            var outcome = new FleetOutcome(json.GetProperty("meter").GetString()!, json.GetProperty("slot").GetInt64(), json.GetProperty("status")
                .GetString() == ReadingOutcomeMessage.Accepted,
                json.TryGetProperty("code", out var code) ? code.GetString() : null, json.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
            Interlocked.Increment(ref outcome.Accepted ? ref _accepted : ref _refused);
            _outcomes.Enqueue(outcome);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not an outcome the gateway wrote: ignored.
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            if (client is null) continue;
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptions()).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Going away anyway.
            }

            client.Dispose();
        }

        foreach (var s in _inFlight) s.Dispose();
    }
}

/// <summary>One outcome a meter heard: its reading of <paramref name="Slot"/> accepted, or refused with a code.</summary>
internal sealed record FleetOutcome(string Meter, long Slot, bool Accepted, string? Code, string? Reason);
