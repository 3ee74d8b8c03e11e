using System.Net;
using GridForge.Core.Primitives;
using GridForge.Node.Mqtt;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>The gateway's memory is bounded: beyond <see cref="MqttGatewayOptions.MaxHeld"/> readings a publish is not acknowledged,
/// so the meter keeps it and sends it again later, and nothing already acknowledged is given up.</summary>
public sealed class GatewayBoundsTests : MqttNodeTest
{
    protected override Task<MqttGatewayOptions> OptionsAsync() =>
        Task.FromResult(new MqttGatewayOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Key = GatewayKey, MaxHeld = 2 });

    [SkippableFact]
    public async Task BeyondTheReadingsItMayHold_APublishIsNotAcknowledged_AndTheHeldOnesStay()
    {
        var meters = await RegisterAsync("a", "b", "c");
        // Readings of the next slot: valid, but held until that slot has ended, so they fill the gateway.
        var next = new SlotId(EndedSlot.Index + 2);

        var first = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meters[0].Id), Line(meters[0], next, 10, 10), "mqttv5");
        var second = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meters[1].Id), Line(meters[1], next, 10, 10), "mqttv5");
        var third = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meters[2].Id), Line(meters[2], next, 10, 10), "mqttv5");

        Assert.True(first.Code == 0 && second.Code == 0, first.Output + second.Output);
        Assert.NotEqual(0, third.Code);
        Assert.Equal((2, 2L), (Status.Held, Status.Queued));
        Assert.Contains("its limit", Status.LastProblem, StringComparison.Ordinal);
    }
}
