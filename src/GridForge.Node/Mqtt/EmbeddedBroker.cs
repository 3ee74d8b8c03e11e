using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace GridForge.Node.Mqtt;

/// <summary>The node's own MQTT broker (MQTTnet, MQTT 3.1.1 and 5), made for meters alone: clients may publish readings
/// (<c>gridforge/meters/{meter}/readings</c>) and subscribe to outcomes (<c>gridforge/meters/{meter}/outcomes</c> or
/// <c>gridforge/meters/+/outcomes</c>), nothing else; only the gateway publishes outcomes. A reading's PUBACK (PUBREC at QoS 2)
/// leaves only once the gateway's verdict is in — for a valid reading, once it is in the durable queue.</summary>
/// <remarks>Acknowledgements are held back in the client's outbound queue, not in its inbound loop: MQTTnet dispatches a client's
/// publishes one after another, so a client may keep many readings in flight while each waits for its durable write.</remarks>
internal sealed class EmbeddedBroker : IOutcomeSink, IAsyncDisposable
{
    private const string VerdictsKey = "gridforge.verdicts";
    private const string GatewayClientId = "gridforge-gateway";

    private readonly MqttGateway _gateway;
    private readonly MqttGatewayOptions _options;
    private readonly GatewayServerAdapter _adapter;
    private readonly MqttServer _server;
    // Marks the gateway's own (injected) publishes: no client's session holds this dictionary.
    private readonly Hashtable _ownItems = [];
    private int _clients;

    private EmbeddedBroker(MqttGateway gateway, MqttGatewayOptions options, GatewayServerAdapter adapter)
    {
        _gateway = gateway;
        _options = options;
        _adapter = adapter;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultCommunicationTimeout(TimeSpan.FromSeconds(10))
            // Outcomes for a slow subscriber: it keeps the newest.
            .WithMaxPendingMessagesPerClient(1_000)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [adapter]);
        _server.ValidatingConnectionAsync += OnConnecting;
        _server.ClientConnectedAsync += _ => Count(+1);
        _server.ClientDisconnectedAsync += _ => Count(-1);
        _server.InterceptingSubscriptionAsync += OnSubscribing;
        _server.InterceptingPublishAsync += OnPublishing;
        _server.InterceptingOutboundPacketAsync += OnSending;
    }

    public IPEndPoint Endpoint => _adapter.Endpoint;

    public int Clients => Volatile.Read(ref _clients);

    public static async Task<EmbeddedBroker> StartAsync(MqttGateway gateway, IPEndPoint listen, MqttGatewayOptions options)
    {
        var broker = new EmbeddedBroker(gateway, options, new GatewayServerAdapter(listen));
        await broker._server.StartAsync().ConfigureAwait(false);
        return broker;
    }

    private Task Count(int delta)
    {
        Interlocked.Add(ref _clients, delta);
        return Task.CompletedTask;
    }

    private Task OnConnecting(ValidatingConnectionEventArgs e)
    {
        // MQTT 5 clients (and 3.1.1 clients with a clean session) may leave the id to the broker.
        if (string.IsNullOrEmpty(e.ClientId)) e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
        if (Clients >= _options.MaxConnections)
        {
            e.ReasonCode = MqttConnectReasonCode.ServerBusy;
            _gateway.Problem("clients", $"the embedded broker serves {Clients:N0} clients, its limit: a new connection was refused");
        }

        return Task.CompletedTask;
    }

    private static Task OnSubscribing(InterceptingSubscriptionEventArgs e)
    {
        if (!MeterTopics.IsOutcomesFilter(e.TopicFilter.Topic))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.TopicFilterInvalid;
            e.ReasonString = "this broker serves gridforge/meters/{meter}/outcomes and gridforge/meters/+/outcomes only";
        }
        else if (e.TopicFilter.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
        {
            e.TopicFilter.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
            e.Response.ReasonCode = MqttSubscribeReasonCode.GrantedQoS1;
        }

        return Task.CompletedTask;
    }

    private async Task OnPublishing(InterceptingPublishEventArgs e)
    {
        if (ReferenceEquals(e.SessionItems, _ownItems)) return;
        // A client's publish reaches the gateway only; no client may publish to another (nor forge an outcome).
        e.ProcessPublish = false;
        var message = e.ApplicationMessage;
        var verdict = _gateway.Offer(message.Topic, message.Payload);
        if (message.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce) return;
        if (e.SessionItems[VerdictsKey] is not ConcurrentQueue<Task<IntakeVerdict>> verdicts)
        {
            verdicts = new ConcurrentQueue<Task<IntakeVerdict>>();
            e.SessionItems[VerdictsKey] = verdicts;
        }

        verdicts.Enqueue(verdict);
        // Back-pressure: a client with too many publishes awaiting their verdict waits for the oldest.
        if (verdicts.Count > _options.MaxInFlightPerClient && verdicts.TryPeek(out var oldest))
        {
            await oldest.WaitAsync(e.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Holds a PUBACK or PUBREC back until the verdict of its publish (they leave in publish order, as the verdicts were
    /// queued); with MQTT 5 it carries the reason. A deferred publish is not acknowledged: the client is disconnected so that it
    /// sends it again after reconnecting.</summary>
    private async Task OnSending(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not (MqttPubAckPacket or MqttPubRecPacket)) return;
        if (e.SessionItems[VerdictsKey] is not ConcurrentQueue<Task<IntakeVerdict>> verdicts || !verdicts.TryDequeue(out var pending)) return;
        var verdict = pending.IsCompleted ? pending.Result : await pending.WaitAsync(e.CancellationToken).ConfigureAwait(false);
        if (!verdict.Acknowledge)
        {
            e.ProcessPacket = false;
            _ = _server.DisconnectClientAsync(e.ClientId,
                new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.QuotaExceeded, ReasonString = verdict.Code });
            return;
        }

        var (reason, text) = ReasonOf(verdict);
        if (e.Packet is MqttPubAckPacket ack)
        {
            ack.ReasonCode = (MqttPubAckReasonCode)reason;
            ack.ReasonString = text;
        }
        else if (e.Packet is MqttPubRecPacket rec)
        {
            rec.ReasonCode = (MqttPubRecReasonCode)reason;
            rec.ReasonString = text;
        }
    }

    /// <summary>The MQTT 5 reason of a verdict (3.1.1 acknowledgements carry none): success for a reading the gateway took or
    /// answered, otherwise why it was dropped.</summary>
    private static (byte Reason, string? Text) ReasonOf(IntakeVerdict verdict) => verdict.Kind switch
    {
        IntakeKind.Queued or IntakeKind.Answered => ((byte)MqttPubAckReasonCode.Success, null),
        _ => (verdict.Code switch
        {
            DropCodes.BadTopic => (byte)MqttPubAckReasonCode.TopicNameInvalid,
            DropCodes.Malformed => (byte)MqttPubAckReasonCode.PayloadFormatInvalid,
            _ => (byte)MqttPubAckReasonCode.NotAuthorized,
        }, verdict.Code),
    };

    public async Task<bool> PublishAsync(IReadOnlyList<(string Topic, byte[] Payload)> messages, CancellationToken ct)
    {
        foreach (var (topic, payload) in messages)
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build();
            await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = GatewayClientId, CustomSessionItems =
                _ownItems }, ct)
                .ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        _server.Dispose();
        _adapter.Dispose();
    }
}
