using System.Net;
using System.Net.Sockets;
using GridForge.Chain;
using GridForge.Cli.Meters;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Modules.Metering;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace GridForge.Cli.Bench;

/// <summary><c>gridforge bench mqtt</c>: N meters (10,000) publish pre-signed readings through the node's embedded MQTT broker; the
/// gateway checks, queues durably, batches and submits them; prints readings committed per second beside this machine's Ed25519
/// verification rate (target ≥ 20,000 readings/s, DESIGN §10). The setup and the report are <c>bench readings</c>'
/// (<see cref="ReadingsSetup"/>).</summary>
/// <remarks>The meters stand for devices elsewhere, so their side costs as little as it can on the machine being measured: each
/// reading's PUBLISH (its JSON line, QoS 1, MQTT 3.1.1, encoded by MQTTnet's formatter) is on the wire form before the timed window,
/// and each connection is a plain socket that writes as many publishes at once as its window of unacknowledged ones has room for
/// and counts the broker's PUBACKs, as a data concentrator with readings queued would. <c>--outcomes</c> uses the full client instead,
/// and the meters subscribe to their outcome topics, so the broker also delivers an outcome per reading.</remarks>
internal sealed class MqttLoad : IBenchLoad
{
    private readonly int _meters, _slots, _connections, _inFlight;
    private readonly bool _outcomes;

    public MqttLoad(int meters, int slots, int connections, int inFlight, bool outcomes)
    {
        if (meters < 1 || slots is < 1 or > 20 || connections < 1 || inFlight is < 1 or > 60_000)
        {
            throw new CliException("meters ≥ 1, 1 ≤ slots ≤ 20, connections ≥ 1, 1 ≤ in-flight ≤ 60,000");
        }

        (_meters, _slots, _connections, _inFlight, _outcomes) = (meters, slots, Math.Min(connections, meters), inFlight, outcomes);
    }

    public async Task<BenchReport> RunAsync(CancellationToken ct)
    {
        BenchHarness.Note($"bench mqtt: {_meters:N0} meters × {_slots} slots = {(long)_meters * _slots:N0} readings over {_connections} MQTT connections " +
            $"({_inFlight} in flight each{(_outcomes ? ", outcomes subscribed" : "")}), {BenchHarness.Cores}");
        await using var setup = await ReadingsSetup.StartAsync("mqtt", _meters, _slots, 1,
            key => new MqttGatewayOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Key = key }, ct).ConfigureAwait(false);
        var gateway = setup.Node.Host.Mqtt!;
        // A connection's meters, each meter's readings in slot order: MQTT keeps a connection's publishes in order.
        var publishes = Enumerable.Range(0, _connections).Select(c => Enumerable.Range(0, _slots)
            .SelectMany(j => Enumerable.Range(0, _meters).Where(m => m % _connections == c).Select(m => setup.Signed[m][j])).ToArray()).ToArray();

        // Warm-up (untimed): every meter's readings of the slots before, through the whole path, so that the timed window measures a
        // running node rather than the JIT compiling it.
        var warmUpClients = await Task.WhenAll(Enumerable.Range(0, _connections).Select(c => ConnectAsync(gateway.Endpoint!, c, ct))).ConfigureAwait(false);
        await Task.WhenAll(warmUpClients.Select((client, c) =>
            PublishAllAsync(client, Encode(setup.WarmUp.Where((r, i) => i % _meters % _connections == c)), _inFlight, _ => { }, ct)))
            .ConfigureAwait(false);
        foreach (var client in warmUpClients) client.Dispose();
        await setup.EndWarmUpAsync(setup.WarmUp.Length, ct).ConfigureAwait(false);

        var (acknowledged, heard, submitSeconds, seconds) = _outcomes
            ? await HearingOutcomesAsync(setup, $"mqtt://127.0.0.1:{gateway.Endpoint!.Port}", publishes, ct).ConfigureAwait(false)
            : await OverSocketsAsync(setup, gateway.Endpoint!, publishes, ct).ConfigureAwait(false);
        var stats = gateway.Stats;
        return await setup.ReportAsync("mqtt_readings_per_s", submitSeconds, seconds,
        [
            ("MQTT connections, in flight each", $"{_connections:N0}, {_inFlight:N0}"),
            ("publishes acknowledged by the broker", $"{acknowledged:N0}"),
            ("outcomes heard by the meters (with each meter's retained one from the warm-up)", heard),
            ("gateway: queued durably, copies, transactions", $"{stats.Queued:N0}, {stats.Copies:N0}, {stats.Transactions:N0}"),
        ]).ConfigureAwait(false);
    }

    /// <summary>The timed window with the full client, the meters subscribed to their outcomes.</summary>
    private async Task<(long Acknowledged, string Heard, double SubmitSeconds, double Seconds)> HearingOutcomesAsync(ReadingsSetup setup, string broker,
        MeterReading[][] publishes, CancellationToken ct)
    {
        await using var fleet = await MeterFleet.ConnectAsync(broker, [.. setup.Signed.Select(s => s[0].Meter)], _connections, ct, _inFlight)
            .ConfigureAwait(false);
        var sw = setup.StartTimer();
        await Task.WhenAll(publishes.Select(async readings =>
        {
            foreach (var r in readings) await fleet.PublishAsync(DevChain.ChainId, r, ct).ConfigureAwait(false);
        })).ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        await setup.WaitJudgedAsync(sw, ct).ConfigureAwait(false);
        var seconds = sw.Elapsed.TotalSeconds;
        // Outcomes travel after their block: a moment for the last ones (not timed).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (fleet.Accepted + fleet.Refused < setup.Total && DateTime.UtcNow < deadline) await Task.Delay(50, ct).ConfigureAwait(false);
        return (fleet.Acknowledged, $"{fleet.Accepted:N0} accepted, {fleet.Refused:N0} refused", submitSeconds, seconds);
    }

    /// <summary>The timed window over plain sockets, the publishes encoded beforehand.</summary>
    private async Task<(long Acknowledged, string Heard, double SubmitSeconds, double Seconds)> OverSocketsAsync(ReadingsSetup setup, IPEndPoint broker,
        MeterReading[][] publishes, CancellationToken ct)
    {
        var packets = publishes.Select(Encode).ToArray();
        var clients = await Task.WhenAll(Enumerable.Range(0, _connections).Select(c => ConnectAsync(broker, c, ct))).ConfigureAwait(false);
        long acks = 0;
        var sw = setup.StartTimer();
        await Task.WhenAll(clients.Select((client, c) => PublishAllAsync(client, packets[c], _inFlight, n => Interlocked.Add(ref acks, n), ct)))
            .ConfigureAwait(false);
        var submitSeconds = sw.Elapsed.TotalSeconds;
        await setup.WaitJudgedAsync(sw, ct).ConfigureAwait(false);
        var seconds = sw.Elapsed.TotalSeconds;
        foreach (var client in clients) client.Dispose();
        return (Interlocked.Read(ref acks), "not subscribed (--outcomes)", submitSeconds, seconds);
    }

    /// <summary>A connection's publishes of readings, each its JSON line on its meter's topic at QoS 1, encoded back to back as they
    /// go on the wire (formatted and encoded before the timed window, as a meter would have them ready), and where each one starts.</summary>
    private static (byte[] Bytes, int[] Starts) Encode(IEnumerable<MeterReading> readings)
    {
        var formatter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V311, new MqttBufferWriter(4096, 65_536));
        var wire = new MemoryStream();
        var starts = new List<int>();
        var i = 0;
        foreach (var r in readings)
        {
            starts.Add((int)wire.Length);
            wire.Write(formatter.Encode(new MqttPublishPacket
            {
                Topic = MeterTopics.Readings(r.Meter),
                Payload = new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(ReadingPayload.Format(DevChain.ChainId, r))),
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                PacketIdentifier = (ushort)((i++ % 65_000) + 1),
            }).ToArray());
        }

        starts.Add((int)wire.Length);
        return (wire.ToArray(), [.. starts]);
    }

    /// <summary>A bench connection: MQTT 3.1.1 over a plain socket, CONNECT sent and its CONNACK read.</summary>
    private static async Task<Socket> ConnectAsync(IPEndPoint broker, int c, CancellationToken ct)
    {
        var socket = new Socket(broker.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(broker, ct).ConfigureAwait(false);
        var formatter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V311, new MqttBufferWriter(4096, 65_536));
        await socket.SendAsync(formatter.Encode(new MqttConnectPacket { ClientId = $"bench-concentrator-{c}-{Guid.NewGuid():N}", CleanSession = true,
            KeepAlivePeriod = 60 }).ToArray(), ct)
            .ConfigureAwait(false);
        var connAck = new byte[4];
        for (var got = 0; got < connAck.Length;)
        {
            var n = await socket.ReceiveAsync(connAck.AsMemory(got), ct).ConfigureAwait(false);
            if (n == 0) break;
            got += n;
        }

        // CONNACK: 0x20, remaining length 2, flags, return code 0 (accepted).
        if (connAck is not [0x20, 0x02, _, 0x00]) throw new CliException("the embedded broker refused a bench connection");
        return socket;
    }

    /// <summary>Sends a connection's publishes with at most <paramref name="window"/> unacknowledged — as many in one write as the
    /// window has room for — and counts the PUBACKs (MQTT 3.1.1: 0x40, 2, packet id).</summary>
    private static async Task PublishAllAsync(Socket socket, (byte[] Bytes, int[] Starts) packets, int window, Action<int> acknowledged, CancellationToken ct)
    {
        var count = packets.Starts.Length - 1;
        using var room = new SemaphoreSlim(window);
        var receiver = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            var (filled, acks) = (0, 0);
            while (acks < count)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
                if (n == 0) throw new CliException("the broker closed a bench connection");
                filled += n;
                var at = 0;
                for (; filled - at >= 4; at += 4)
                {
                    if (buffer[at] != 0x40 || buffer[at + 1] != 0x02) throw new CliException("the broker answered a publish with something else than a PUBACK");
                }

                var heard = at / 4;
                buffer.AsSpan(at, filled - at).CopyTo(buffer);
                filled -= at;
                if (heard == 0) continue;
                acks += heard;
                acknowledged(heard);
                room.Release(heard);
            }
        }, ct);
        for (var sent = 0; sent < count;)
        {
            await room.WaitAsync(ct).ConfigureAwait(false);
            var take = 1;
            while (sent + take < count && room.Wait(0)) take++;
            var (from, to) = (packets.Starts[sent], packets.Starts[sent + take]);
            await socket.SendAsync(packets.Bytes.AsMemory(from, to - from), ct).ConfigureAwait(false);
            sent += take;
        }

        await receiver.ConfigureAwait(false);
    }
}
