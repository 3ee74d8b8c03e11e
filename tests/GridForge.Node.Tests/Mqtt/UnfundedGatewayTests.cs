using System.Net;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>A gateway whose account cannot pay the fees keeps what it acknowledged, says why, and submits it once it can pay.</summary>
public sealed class UnfundedGatewayTests : MqttNodeTest
{
    private static readonly SigningKey Unfunded = SigningKey.FromSeed(Hashing.Domain("mqtt test unfunded gateway", [1]).ToArray());

    protected override Task<MqttGatewayOptions> OptionsAsync() =>
        Task.FromResult(new MqttGatewayOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Key = Unfunded });

    [SkippableFact]
    public async Task ReadingsAcknowledgedWhileTheGatewayCannotPay_StayQueued_AndLandOnceItIsFunded()
    {
        var (meter, slot) = ((await RegisterAsync("pv"))[0], EndedSlot);

        var (code, output) = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), Line(meter, slot, 60, 60));

        Assert.True(code == 0, output);
        await WaitUntilAsync(() => Status.LastProblem?.Contains("insufficient", StringComparison.Ordinal) == true, "the gateway to say it cannot pay");
        Assert.Equal((1, 0L), (Status.Held, Status.Transactions));
        Assert.Null(OnChain(meter, slot));

        using var alice = DevAccounts.Key("alice");
        var transfer = Transaction.Sign(alice, DevChain.ChainId, 0, 100, Chain.Height + 100,
            new TransferMessage(Unfunded.Address, Token.Watt, new Amount(10_000_000)));
        Assert.True(Chain.Submit(transfer).Accepted);

        // A refused gateway tries again 5 s later (and again while the transfer is not yet committed); then a block or two.
        await WaitUntilAsync(() => OnChain(meter, slot) is not null, "the reading on chain once the gateway can pay", seconds: 60);
    }
}
