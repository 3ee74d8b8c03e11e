using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Home;
using GridForge.Node.Mqtt;
using GridForge.Node.Tests.Mqtt;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Tests.Network;

/// <summary>Issue 19 on a network: a DSO's node run from its home (<c>gridforge node --home</c>) runs the MQTT gateway its
/// <c>mqtt.*</c> keys describe, and the validators commit the readings it batches. Separate processes on loopback, all stopped.</summary>
[Collection(NetworkCollection.Name)]
public sealed class NetworkMqttTests
{
    [SkippableFact]
    public async Task AFullNodesMqttGateway_TakesAMetersReading_TheValidatorCommitsIt_AndItsOutcomeArrivesOnTheReplyTopic()
    {
        Mosquitto.Require();
        // An hour of history, so that the slot that ended last by the wall clock lies after the genesis.
        using var net = LocalTestnet.Write(validators: 1, fullNodes: 1, historySeconds: 3_600);
        var accounts = Path.Combine(net.Directory, "net", "accounts");
        var mqttPort = Mosquitto.FreePort();
        // The DSO's node is the full node: its gateway's account is carol (funded at genesis), its key file copied (owner-only, as
        // written) beside the node's.
        var home = net.Nodes[1].Home;
        File.Copy(Path.Combine(accounts, "carol.json"), Path.Combine(home, "gateway_key.json"));
        LocalTestnet.Configure(home, c =>
        {
            c.Mqtt.Listen = $"127.0.0.1:{mqttPort}";
            c.Mqtt.GatewayKeyFile = "gateway_key.json";
        });
        await net.StartAsync(0, 1);
        await net.WaitForHeightAsync(2, [0, 1]);
        // Its banner (a JSON log line off a terminal) says where meters publish.
        Assert.Contains(net[1].StdoutLines, l => l.Contains($"MQTT  mqtt://127.0.0.1:{mqttPort} (embedded broker)", StringComparison.Ordinal));

        var meter = MeterKey.FromSeed(Hashing.Domain("network mqtt test meter", [1]).ToArray());
        CliRunner.Ok("meter", "register", meter.Id.ToString(), "--from", Path.Combine(accounts, "dso.json"), "--owner", Path.Combine(accounts, "alice.json"),
            "--zone", "Z1", "--kind", "both", "--technology", "solar", "--rated-power", "5000", "--node", net.Nodes[1].ApiUrl);
        var slot = new SlotId((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) - 1);
        var line = ReadingPayload.Format(Testnet.DefaultChainId, meter.Sign(Testnet.DefaultChainId, slot, new Wh(0), new Wh(700), new Wh(0), new Wh(700)));

        var outcomes = await Mosquitto.SubscribeAsync(mqttPort, MeterTopics.Outcomes(meter.Id), 1, 120);
        var (code, output) = await Mosquitto.PublishAsync(mqttPort, MeterTopics.Readings(meter.Id), line);
        Assert.True(code == 0, output);
        var heard = (await outcomes).Output;

        var outcome = Mosquitto.JsonLines(heard).SingleOrDefault();
        Assert.True(outcome.ValueKind == JsonValueKind.Object, $"no outcome heard: {heard}\n--- node1\n{net[1].Log}");
        Assert.Equal("accepted", outcome.GetProperty("status").GetString());
        // The validator's chain holds the gateway's batch at the height the outcome names.
        var height = outcome.GetProperty("height").GetUInt64();
        await net.WaitForHeightAsync(height, [0]);
        var block = (await net[0].Http.GetFromJsonAsync<BlockResponse>($"api/v1/blocks/{height}"))!;
        Assert.Contains(outcome.GetProperty("tx").GetString()!, block.Transactions);
    }

    [Fact]
    public void AHomeWhoseMqttKeysDoNotFit_IsRefusedBeforeTheNodeOpensItsChain()
    {
        using var net = LocalTestnet.Write(validators: 1);
        var home = net.Nodes[0].Home;
        LocalTestnet.Configure(home, c => c.Mqtt.Listen = "127.0.0.1:0");

        var (code, _, stderr) = CliRunner.Run("node", "--home", home);

        Assert.Equal(2, code);
        Assert.Contains("needs --gateway-key (mqtt.gateway_key_file)", stderr, StringComparison.Ordinal);

        // A broker port another program holds: said before the chain is opened and the peers are met.
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        File.Copy(Path.Combine(net.Directory, "net", "accounts", "carol.json"), Path.Combine(home, "gateway_key.json"));
        LocalTestnet.Configure(home, c =>
        {
            c.Mqtt.Listen = holder.LocalEndpoint.ToString();
            c.Mqtt.GatewayKeyFile = "gateway_key.json";
        });

        (code, _, stderr) = CliRunner.Run("node", "--home", home);

        Assert.Equal(2, code);
        Assert.Contains($"the MQTT broker cannot listen at {holder.LocalEndpoint} (--mqtt, mqtt.listen)", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(home, "data")), "the chain's data directory was created");
    }
}
