using GridForge.Node.Mqtt;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>The gateway as a client of an external Mosquitto that the test starts on a free loopback port and stops: readings
/// published to the broker land on chain, outcomes come back through it, and a broker restart is survived.</summary>
public sealed class ExternalBrokerTests : MqttNodeTest
{
    private Mosquitto _broker = null!;

    protected override int Port => _broker.Port;

    protected override async Task<MqttGatewayOptions> OptionsAsync()
    {
        // Mosquitto keeps at most 1,000 messages for an absent client by default; a gateway's broker should keep them all.
        _broker = await Mosquitto.StartAsync("allow_anonymous true\nmax_queued_messages 0\n");
        return new MqttGatewayOptions { Broker = new ExternalBrokerOptions { Host = "127.0.0.1", Port = _broker.Port }, Key = GatewayKey };
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await WaitUntilAsync(() => Gateway.Connected, "the gateway's connection to Mosquitto");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _broker?.Dispose();
        if (_broker is not null) Directory.Delete(_broker.Directory, true);
    }

    [SkippableTheory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task AReadingPublishedToMosquitto_LandsOnChain_AndItsOutcomeArrivesOnTheReplyTopic(string version)
    {
        var (meter, slot) = ((await RegisterAsync("pv"))[0], EndedSlot);

        var outcome = await PublishAndHearAcceptedAsync(meter, slot, 700, version);

        Assert.Equal(Chain.GetTxStatus(new Core.Primitives.Hash32(Convert.FromHexString(outcome.GetProperty("tx").GetString()!))).Committed!.Height,
            outcome.GetProperty("height").GetUInt64());
    }

    [SkippableFact]
    public async Task AForgedReading_ThroughMosquitto_IsDropped()
    {
        var meter = (await RegisterAsync("pv"))[0];
        var forged = Line(meter, EndedSlot, 700, 700).Replace("\"exported\":700", "\"exported\":701", StringComparison.Ordinal);

        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), forged);

        await WaitUntilAsync(() => Status.Dropped.ContainsKey(DropCodes.BadSignature), "the forged reading to be dropped");
        Assert.Equal(0L, Status.Queued);
        Assert.Null(OnChain(meter, EndedSlot));
    }

    [SkippableFact]
    public async Task AfterTheBrokerIsKilledAndRestarted_TheGatewayReconnects_AndReadingsLandAgain()
    {
        var meters = await RegisterAsync("pv", "wind");
        await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meters[0].Id), Line(meters[0], EndedSlot, 10, 10));
        await WaitUntilAsync(() => OnChain(meters[0], EndedSlot) is not null, "the first reading on chain");

        var (port, directory) = (_broker.Port, _broker.Directory);
        _broker.Kill();
        await WaitUntilAsync(() => !Gateway.Connected, "the gateway to notice the broker is gone");
        _broker.Dispose();
        _broker = await Mosquitto.StartAsync("allow_anonymous true\nmax_queued_messages 0\n", port, directory);
        await WaitUntilAsync(() => Gateway.Connected, "the gateway to reconnect", 60);

        var (code, output) = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meters[1].Id), Line(meters[1], EndedSlot, 20, 20));
        Assert.True(code == 0, output);
        await WaitUntilAsync(() => OnChain(meters[1], EndedSlot) is not null, "the reading published after the restart on chain");
        Assert.Contains("cannot reach the broker", Status.LastProblem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ReadingsPublishedWhileTheGatewayIsAway_AreKeptByTheBroker_AndLandWhenItIsBack()
    {
        var meter = (await RegisterAsync("pv"))[0];
        var options = await Task.FromResult(new MqttGatewayOptions { Broker = new ExternalBrokerOptions { Host = "127.0.0.1", Port = _broker.Port }, Key =
            GatewayKey });
        await Gateway.DisposeAsync();

        var (code, output) = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), Line(meter, EndedSlot, 30, 30));
        Assert.True(code == 0, output);
        Assert.Null(OnChain(meter, EndedSlot));

        await using var back = await MqttGateway.StartAsync(Chain, options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await WaitUntilAsync(() => OnChain(meter, EndedSlot) is not null, "the reading kept by the broker on chain");
        await WaitUntilAsync(() => back.Stats.Accepted == 1, "its outcome");
    }
}
