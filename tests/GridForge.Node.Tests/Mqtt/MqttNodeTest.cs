using System.Net;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>A dev node in-process producing a block every second on the real clock, with the MQTT gateway (its embedded broker on
/// a free loopback port unless a test class says otherwise), a funded gateway account, and helpers to register meters and sign
/// their readings as <c>gridforge meter sign</c> prints them.</summary>
public abstract class MqttNodeTest : IAsyncLifetime
{
    protected static readonly SigningKey GatewayKey = SigningKey.FromSeed(Hashing.Domain("mqtt test gateway", [1]).ToArray());
    protected readonly string _data = Path.Combine(Path.GetTempPath(), "gridforge-mqtt-" + Guid.NewGuid().ToString("N"));
    protected NodeHost _host = null!;
    private ulong _dsoNonce;

    protected ChainNode Chain => _host.Chain;

    protected MqttGateway Gateway => _host.Mqtt!;

    /// <summary>The embedded broker's port (or, for an external broker, the test's Mosquitto's).</summary>
    protected virtual int Port => Gateway.Endpoint!.Port;

    /// <summary>The slot that ended last by the wall clock when the test began (readings of it are accepted for six hours).
    /// Taken once per test: read again later, the clock may have crossed into the next slot on a loaded machine, and the test
    /// would look on chain for a reading of a slot nobody sent.</summary>
    protected SlotId EndedSlot { get; } = new((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) - 1);

    protected virtual Task<MqttGatewayOptions> OptionsAsync() =>
        Task.FromResult(new MqttGatewayOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Key = GatewayKey });

    public virtual async Task InitializeAsync()
    {
        Mosquitto.Require();
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3_600,
            [new GenesisAccount { Address = GatewayKey.Address.ToString(), Watt = 1_000_000_000 }]);
        var chain = ChainNode.Open(_data, genesis, DevAccounts.Key("validator"));
        _host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true, mqtt: await OptionsAsync());
    }

    public virtual async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, true);
    }

    /// <summary>Registers meters (signed by the dev DSO) and waits until they are on chain.</summary>
    protected async Task<MeterKey[]> RegisterAsync(params string[] names)
    {
        using var dso = DevAccounts.Key("dso");
        var keys = names.Select(n => MeterKey.FromSeed(Hashing.Domain("mqtt test meter", System.Text.Encoding.UTF8.GetBytes(n)).ToArray())).ToArray();
        var txs = keys.Select(k => Transaction.Sign(dso, DevChain.ChainId, _dsoNonce++, 100, Chain.Height + 1_000,
            new RegisterMeterMessage(k.Id, DevAccounts.AddressOf("alice"), new ZoneId("Z1"), MeterKind.Both, MeterTechnology.Solar, 10_000, new Wh(0),
                new Wh(0), ""))).ToList();
        foreach (var tx in txs) Assert.True(Chain.Submit(tx).Accepted);
        await WaitUntilAsync(() => txs.All(t => Chain.GetTxStatus(t.Id).State == TxStatus.CommittedState), "the meters' registration");
        return keys;
    }

    protected static string Line(MeterKey meter, SlotId slot, long exported, long exportRegister) =>
        ReadingPayload.Format(DevChain.ChainId, meter.Sign(DevChain.ChainId, slot, new Wh(0), new Wh(exported), new Wh(0), new Wh(exportRegister)));

    protected SlotReading? OnChain(MeterKey meter, SlotId slot) => MeteringModule.Reading(Chain.State, meter.Id, slot);

    protected MqttEndpoints.MqttStatusResponse Status => MqttEndpoints.Status(Gateway);

    protected static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {seconds} s for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Publishes a reading with <c>mosquitto_pub</c> and checks that it lands on chain and that its outcome, accepted, reaches
    /// <c>mosquitto_sub</c> on the meter's outcomes topic; returns the outcome.</summary>
    protected async Task<JsonElement> PublishAndHearAcceptedAsync(MeterKey meter, SlotId slot, long exported, string version)
    {
        var outcomes = await Mosquitto.SubscribeAsync(Port, MeterTopics.Outcomes(meter.Id), 1, 30, version);

        var (code, output) = await Mosquitto.PublishAsync(Port, MeterTopics.Readings(meter.Id), Line(meter, slot, exported, exported), version);

        Assert.True(code == 0, output);
        var outcome = Assert.Single(Outcomes((await outcomes).Output));
        Assert.Equal((meter.Id.ToString(), slot.Index, "accepted"),
            (outcome.GetProperty("meter").GetString(), outcome.GetProperty("slot").GetInt64(), outcome.GetProperty("status").GetString()));
        Assert.Equal(exported, OnChain(meter, slot)!.Value.Exported.Value);
        return outcome;
    }

    /// <summary>The outcome messages <c>mosquitto_sub</c> printed, one JSON object per line.</summary>
    protected static List<JsonElement> Outcomes(string output) => Mosquitto.JsonLines(output);
}
