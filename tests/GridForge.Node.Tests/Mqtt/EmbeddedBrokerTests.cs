using System.Net;
using System.Net.Sockets;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>DESIGN §8 and issue 19 through the node's embedded broker, with Debian's Mosquitto clients as the meters.</summary>
public sealed class EmbeddedBrokerTests : MqttNodeTest
{
    [SkippableTheory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task AReadingPublishedByMosquittoPub_LandsOnChain_AndItsOutcomeArrivesOnTheReplyTopic(string version)
    {
        var (meter, slot) = ((await RegisterAsync("pv"))[0], EndedSlot);

        var outcome = await PublishAndHearAcceptedAsync(meter, slot, 1_100, version);

        var height = outcome.GetProperty("height").GetUInt64();
        Assert.True(height >= 1 && height <= Chain.Height);
        Assert.Equal(HashOf(outcome.GetProperty("tx").GetString()!), Chain.GetBlock(height)!.Transactions.Single(t => t.Message is SubmitReadingsMessage).Id);
        Assert.Equal((1L, 1L, 1L), (Status.Queued, Status.Accepted, Status.Transactions));
    }

    [SkippableFact]
    public async Task AForgedReading_IsDropped_BeforeItCostsAnything_AndNoOutcomeIsPublished()
    {
        var meter = (await RegisterAsync("pv"))[0];
        var line = Line(meter, EndedSlot, 1_100, 1_100);
        var forged = line.Replace("\"exported\":1100", "\"exported\":9100", StringComparison.Ordinal);
        var outcomes = await Mosquitto.SubscribeAsync(Port, MeterTopics.Outcomes(meter.Id), 1, 3);

        var (_, output) = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), forged, "mqttv5");

        // MQTT 5's PUBACK says why; the publish is acknowledged (the gateway is done with it), never queued.
        Assert.Contains("Not authorized", output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Outcomes((await outcomes).Output));
        Assert.Equal(1, Status.Dropped[DropCodes.BadSignature]);
        Assert.Equal((0L, 0L, 0), (Status.Queued, Status.Transactions, Status.Held));
        Assert.Null(OnChain(meter, EndedSlot));
    }

    [SkippableFact]
    public async Task AReadingUnderAnotherMetersTopic_AnUnknownMeter_AndAMalformedPayload_AreDroppedWithTheirCodes()
    {
        var meters = await RegisterAsync("pv", "wind");
        var stranger = Runtime.Modules.Metering.MeterKey.FromSeed(new byte[32]);

        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meters[1].Id), Line(meters[0], EndedSlot, 10, 10));
        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(stranger.Id), Line(stranger, EndedSlot, 10, 10));
        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meters[0].Id), "{\"meter\":\"x\"}");
        await Mosquitto.PublishAsync(Port, "some/other/topic", "hello");

        var dropped = Status.Dropped;
        Assert.Equal(1, dropped[DropCodes.TopicMismatch]);
        Assert.Equal(1, dropped[DropCodes.UnknownMeter]);
        Assert.Equal(1, dropped[DropCodes.Malformed]);
        Assert.Equal(1, dropped[DropCodes.BadTopic]);
        Assert.Equal((0L, 0L), (Status.Queued, Status.Transactions));
        Assert.Null(OnChain(meters[0], EndedSlot));
    }

    [SkippableFact]
    public async Task StoppingTheGateway_WhileItsReadingsAreInFlight_ReportsNoProblem()
    {
        var meter = (await RegisterAsync("pv"))[0];
        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), Line(meter, EndedSlot, 500, 500));
        await WaitUntilAsync(() => Status.Queued == 1, "the reading in the durable queue");
        // Its batch is submitted, committed and its outcome published around now: the gateway stops in the middle of it.
        await Task.Delay(900);
        await Gateway.DisposeAsync();

        // The loops that publish through the broker end before the broker does (a disposed MqttServer was reported here).
        Assert.Null(Gateway.Stats.LastProblem);
    }

    [SkippableFact]
    public async Task ACopyOfAReading_ReachesTheChainOnce_AndOneAlreadyOnChain_IsAnsweredAsADuplicate()
    {
        var meter = (await RegisterAsync("pv"))[0];
        var line = Line(meter, EndedSlot, 500, 500);
        var outcomes = await Mosquitto.SubscribeAsync(Port, MeterTopics.Outcomes(meter.Id), 2, 30);

        await Task.WhenAll(Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), line),
            Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), line));
        await WaitUntilAsync(() => Status.Accepted == 1, "the reading on chain");
        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), line);

        var received = Outcomes((await outcomes).Output);
        Assert.Equal(["accepted", "refused"], received.Select(o => o.GetProperty("status").GetString()));
        Assert.Equal(MeteringCodes.DuplicateReading, received[1].GetProperty("code").GetString());
        Assert.Equal((1L, 1L, 1L, 1L), (Status.Queued, Status.Copies, Status.Answered, Status.Accepted));
        Assert.Equal(500, OnChain(meter, EndedSlot)!.Value.Exported.Value);
    }

    [SkippableFact]
    public async Task OnlyOutcomeTopicsMayBeSubscribed_AndNoClientCanPublishAnOutcome()
    {
        var meter = (await RegisterAsync("pv"))[0];
        var wildcard = await Mosquitto.SubscribeAsync(Port, "#", 1, 2, "mqttv5");
        var readings = await Mosquitto.SubscribeAsync(Port, MeterTopics.AllReadings, 1, 2, "mqttv5");
        var outcomes = await Mosquitto.SubscribeAsync(Port, MeterTopics.AllOutcomes, 1, 3);

        await Mosquitto.PublishAsync(Port, MeterTopics.Outcomes(meter.Id), "{\"meter\":\"forged\",\"status\":\"accepted\"}");
        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), Line(meter, EndedSlot, 10, 10));

        Assert.Contains("denied", (await wildcard).Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("denied", (await readings).Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("forged", (await outcomes).Output, StringComparison.Ordinal);
        Assert.Equal(1, Status.Dropped[DropCodes.BadTopic]);
    }

    [SkippableFact]
    public async Task APacketOverTheSizeLimit_EndsItsConnection_BeforeItsBodyIsRead_AndTheBrokerServesOthers()
    {
        var meter = (await RegisterAsync("pv"))[0];
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        // CONNECT (MQTT 3.1.1, clean session, client id "x"), then a PUBLISH header announcing 256 MiB and no body.
        await stream.WriteAsync(new byte[] { 0x10, 13, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 2, 0, 60, 0, 1, (byte)'x' });
        var connack = new byte[4];
        await stream.ReadExactlyAsync(connack);
        Assert.Equal(new byte[] { 0x20, 2, 0, 0 }, connack);
        await stream.WriteAsync(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0x7F });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await stream.ReadAsync(new byte[16], timeout.Token));

        var (code, output) = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), Line(meter, EndedSlot, 10, 10));
        Assert.True(code == 0, output);
        await WaitUntilAsync(() => OnChain(meter, EndedSlot) is not null, "the reading on chain");
    }

    [SkippableFact]
    public async Task APayloadOverAKilobyte_IsDroppedUnread()
    {
        var meter = (await RegisterAsync("pv"))[0];

        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), new string('x', 20_000));

        Assert.Equal(1, Status.Dropped[DropCodes.Malformed]);
    }

    private static Core.Primitives.Hash32 HashOf(string hex) => new(Convert.FromHexString(hex));
}
