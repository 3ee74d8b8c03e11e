using System.CommandLine;
using System.Net;
using GridForge.Chain;
using GridForge.Cli.Meters;
using GridForge.Node.Mqtt;
using MQTTnet;
using MQTTnet.LowLevelClient;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge bench mqtt</c>: N meters (10,000) publish pre-signed readings through the node's embedded MQTT broker; the
/// gateway checks, queues durably, batches and submits them; prints readings committed per second beside this machine's Ed25519
/// verification rate (target ≥ 20,000 readings/s, DESIGN §10). The setup and the report are <c>bench readings</c>'.</summary>
/// <remarks>The meters stand for devices elsewhere, so their side costs as little as it can on the machine being measured: each
/// reading's JSON line is formatted before the timed window, and the connections use MQTTnet's low-level client (packets out, the
/// broker's PUBACKs in, a window of unacknowledged publishes per connection). <c>--outcomes</c> uses the full client instead, and
/// the meters subscribe to their outcome topics, so the broker also delivers an outcome per reading.</remarks>
internal static class MqttBenchCommand
{
    public static Command Create()
    {
        var meters = new Option<int>("--meters") { Description = "Registered meters, each publishing its own signed readings", DefaultValueFactory = _ => 10_000 };
        var slots = new Option<int>("--slots") { Description = "Readings per meter: the slots that ended most recently (at most 20)", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "MQTT connections the meters share (as data concentrators)", DefaultValueFactory = _ => 100 };
        var inFlight = new Option<int>("--in-flight") { Description = "Unacknowledged publishes per connection", DefaultValueFactory = _ => 100 };
        var outcomes = new Option<bool>("--outcomes") { Description = "The meters also subscribe to their outcome topics (the broker then delivers an outcome per reading)" };
        var mqtt = new Command("mqtt", "Meters publish signed readings through the node's embedded MQTT broker into blocks; print readings/s committed beside this machine's Ed25519 verification rate")
            { meters, slots, connections, inFlight, outcomes };
        mqtt.SetAction((parse, ct) => CliAction.RunAsync(() =>
            RunAsync(parse.GetValue(meters), parse.GetValue(slots), parse.GetValue(connections), parse.GetValue(inFlight), parse.GetValue(outcomes), ct)));
        return mqtt;
    }

    private static async Task<int> RunAsync(int meterCount, int slotCount, int connections, int inFlight, bool hearOutcomes, CancellationToken ct)
    {
        if (meterCount < 1 || slotCount is < 1 or > 20 || connections < 1 || inFlight is < 1 or > 60_000) throw new CliException("meters ≥ 1, 1 ≤ slots ≤ 20, connections ≥ 1, 1 ≤ in-flight ≤ 60,000");
        connections = Math.Min(connections, meterCount);
        AnsiConsole.MarkupLine($"[grey]bench mqtt: {meterCount:N0} meters × {slotCount} slots = {(long)meterCount * slotCount:N0} readings over {connections} MQTT connections ({inFlight} in flight each{(hearOutcomes ? ", outcomes subscribed" : "")}), {Environment.ProcessorCount} cores[/]");
        await using var run = await ReadingsBenchRun.StartAsync("mqtt", meterCount, slotCount, 1,
            key => new MqttGatewayOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Key = key }, ct).ConfigureAwait(false);
        var gateway = run.Host.Mqtt!;
        var broker = $"mqtt://127.0.0.1:{gateway.Endpoint!.Port}";
        // A connection's meters, each meter's readings in slot order: MQTT keeps a connection's publishes in order.
        var publishes = Enumerable.Range(0, connections).Select(c => Enumerable.Range(0, slotCount)
            .SelectMany(j => Enumerable.Range(0, meterCount).Where(m => m % connections == c).Select(m => run.Signed[m][j])).ToArray()).ToArray();

        // Warm-up (untimed): every meter's readings of the slots before, through the whole path, so that the timed window measures a
        // running node rather than the JIT compiling it.
        var warmUpClients = await Task.WhenAll(Enumerable.Range(0, connections).Select(c => ConnectAsync(gateway.Endpoint!, c, ct))).ConfigureAwait(false);
        await Task.WhenAll(warmUpClients.Select((client, c) => PublishAllAsync(client, Packets(run.WarmUp.Where((r, i) => i % meterCount % connections == c)), inFlight, () => { }, ct)))
            .ConfigureAwait(false);
        foreach (var client in warmUpClients) client.Dispose();
        await run.EndWarmUpAsync(run.WarmUp.Length, ct).ConfigureAwait(false);

        long acknowledged;
        string heard;
        double submitSeconds, seconds;
        if (hearOutcomes)
        {
            await using var fleet = await MeterFleet.ConnectAsync(broker, [.. run.Signed.Select(s => s[0].Meter)], connections, ct, inFlight).ConfigureAwait(false);
            var sw = run.StartTimer();
            await Task.WhenAll(publishes.Select(async readings =>
            {
                foreach (var r in readings) await fleet.PublishAsync(DevChain.ChainId, r, ct).ConfigureAwait(false);
            })).ConfigureAwait(false);
            submitSeconds = sw.Elapsed.TotalSeconds;
            await run.WaitJudgedAsync(sw, ct).ConfigureAwait(false);
            seconds = sw.Elapsed.TotalSeconds;
            // Outcomes travel after their block: a moment for the last ones (not timed).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (fleet.Accepted + fleet.Refused < run.Total && DateTime.UtcNow < deadline) await Task.Delay(50, ct).ConfigureAwait(false);
            (acknowledged, heard) = (fleet.Acknowledged, $"{fleet.Accepted:N0} accepted, {fleet.Refused:N0} refused");
        }
        else
        {
            var packets = publishes.Select(Packets).ToArray();
            var clients = await Task.WhenAll(Enumerable.Range(0, connections).Select(c => ConnectAsync(gateway.Endpoint, c, ct))).ConfigureAwait(false);
            long acks = 0;
            var sw = run.StartTimer();
            await Task.WhenAll(clients.Select((client, c) => PublishAllAsync(client, packets[c], inFlight, () => Interlocked.Increment(ref acks), ct))).ConfigureAwait(false);
            submitSeconds = sw.Elapsed.TotalSeconds;
            await run.WaitJudgedAsync(sw, ct).ConfigureAwait(false);
            seconds = sw.Elapsed.TotalSeconds;
            foreach (var client in clients) client.Dispose();
            (acknowledged, heard) = (Interlocked.Read(ref acks), "not subscribed (--outcomes)");
        }

        var stats = gateway.Stats;
        return await run.ReportAsync("mqtt_readings_per_s", submitSeconds, seconds,
        [
            ("MQTT connections, in flight each", $"{connections:N0}, {inFlight:N0}"),
            ("publishes acknowledged by the broker", $"{acknowledged:N0}"),
            ("outcomes heard by the meters (with each meter's retained one from the warm-up)", heard),
            ("gateway: queued durably, copies, transactions", $"{stats.Queued:N0}, {stats.Copies:N0}, {stats.Transactions:N0}"),
        ]).ConfigureAwait(false);
    }

    /// <summary>The publishes of readings, each its JSON line on its meter's topic (formatted before the timed window, as a meter would).</summary>
    private static MqttPublishPacket[] Packets(IEnumerable<Runtime.Modules.Metering.MeterReading> readings) => [.. readings.Select(r => new MqttPublishPacket
    {
        Topic = MeterTopics.Readings(r.Meter),
        Payload = new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(ReadingPayload.Format(DevChain.ChainId, r))),
        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
    })];

    private static async Task<ILowLevelMqttClient> ConnectAsync(IPEndPoint broker, int c, CancellationToken ct)
    {
        var client = new MqttClientFactory().CreateLowLevelMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Address.ToString(), broker.Port).Build(), ct).ConfigureAwait(false);
        await client.SendAsync(new MqttConnectPacket { ClientId = $"bench-concentrator-{c}-{Guid.NewGuid():N}", CleanSession = true, KeepAlivePeriod = 60 }, ct).ConfigureAwait(false);
        if (await client.ReceiveAsync(ct).ConfigureAwait(false) is not MqttConnAckPacket { ReasonCode: MqttConnectReasonCode.Success })
        {
            throw new CliException("the embedded broker refused a bench connection");
        }

        return client;
    }

    /// <summary>Sends a connection's publishes with at most <paramref name="window"/> unacknowledged, counting the PUBACKs.</summary>
    private static async Task PublishAllAsync(ILowLevelMqttClient client, MqttPublishPacket[] packets, int window, Action acknowledged, CancellationToken ct)
    {
        using var room = new SemaphoreSlim(window);
        var receiver = Task.Run(async () =>
        {
            for (var i = 0; i < packets.Length; i++)
            {
                if (await client.ReceiveAsync(ct).ConfigureAwait(false) is not MqttPubAckPacket) throw new CliException("the broker answered a publish with something else than a PUBACK");
                acknowledged();
                room.Release();
            }
        }, ct);
        for (var i = 0; i < packets.Length; i++)
        {
            await room.WaitAsync(ct).ConfigureAwait(false);
            packets[i].PacketIdentifier = (ushort)((i % 65_000) + 1);
            await client.SendAsync(packets[i], ct).ConfigureAwait(false);
        }

        await receiver.ConfigureAwait(false);
    }
}
