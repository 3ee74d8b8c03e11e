using System.Net.Http.Json;
using GridForge.Cli.Community;
using GridForge.Node.Api;
using GridForge.Node.Tests.Mqtt;

namespace GridForge.Cli.Tests.Mqtt;

public sealed class MeterSimulateTests
{
    [SkippableFact]
    public async Task MeterSimulate_ThroughTheDevNodesBroker_PublishesEveryMetersReadingOfEachSlot_AndAllAreAccepted()
    {
        Mosquitto.Require();
        var data = CliRunner.TempDir();
        using (var node = await NodeProcess.StartAsync(data, "--community", "0", "--speed", "300"))
        {
            var broker = await node.FundMqttGatewayAsync();

            var (code, stdout, stderr) = CliRunner.Run("meter", "simulate", "--broker", $"mqtt://{broker}", "--meters", "4", "--node", node.Url, "--register",
                "--slots", "2");

            Assert.True(code == 0, stdout + stderr);
            Assert.Contains("8 readings acknowledged; 8 accepted and 0 refused on chain", stdout);
            var meters = (await node.Http.GetFromJsonAsync<List<MeteringEndpoints.MeterResponse>>("api/v1/meters"))!;
            Assert.Equal(CommunityPlan.Members(4).Select(m => "COMMUNITY-" + m.Name).Order(), meters.Select(m => m.Serial).Order());
            Assert.All(meters, m => Assert.NotNull(m.LastSlot));
            // The profiles decide the energy; a solar meter at night or a consumer exports nothing, so only the registers are checked.
            Assert.Contains(meters, m => m.ImportRegister + m.ExportRegister > 0);
        }

        Directory.Delete(data, true);
    }

    [Fact]
    public void MeterSimulate_RefusesAMeterCountBeyondTheCommunitysAndATlsBroker()
    {
        var (code, _, stderr) = CliRunner.Run("meter", "simulate", "--broker", "mqtt://127.0.0.1:1", "--meters", "1000");
        Assert.Equal(2, code);
        Assert.Contains("--meters must be 1 to 999", stderr);
        (code, _, stderr) = CliRunner.Run("meter", "simulate", "--broker", "mqtts://127.0.0.1:1", "--meters", "2");
        Assert.Equal(2, code);
        Assert.Contains("plain MQTT", stderr);
    }
}
