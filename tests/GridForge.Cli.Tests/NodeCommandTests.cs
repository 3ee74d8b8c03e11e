using System.Net.Http.Json;
using GridForge.Chain.Verification;
using GridForge.Cli.Commands;
using GridForge.Core.Crypto;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests;

public class NodeCommandTests
{
    [Fact]
    public async Task TxTransfer_OnTheDevNode_MovesWattFromAliceToBobAndChainVerifyPasses()
    {
        var data = CliRunner.TempDir();
        using (var node = await NodeProcess.StartAsync(data))
        {
            var bob = DevAccounts.AddressOf("bob").ToString();
            var before = (await node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{bob}"))!;
            var (code, stdout, stderr) = CliRunner.Run("tx", "transfer", "--from", "alice", "--to", "bob", "--token", "WATT", "--amount", "12.5", "--node",
                node.Url);
            Assert.True(code == 0, stderr);
            Assert.Matches(@"^committed at height \d+", stdout);
            var after = (await node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{bob}"))!;
            Assert.Equal(before.Watt.Free + 12_500_000UL, after.Watt.Free);

            var (badCode, _, badErr) = CliRunner.Run("tx", "transfer", "--from", "alice", "--to", "bob", "--token", "WATT", "--amount", "1.0000001", "--node",
                node.Url);
            Assert.Equal(2, badCode);
            Assert.Contains("--amount", badErr);
        }

        var (verifyCode, verifyOut, _) = CliRunner.Run("chain", "verify", "--data", data);
        Assert.Equal(0, verifyCode);
        Assert.Matches(@"^OK \d+", verifyOut.Trim());
        Directory.Delete(data, true);
    }

    [Fact]
    public async Task NodeDev_ByDefault_RunsTheCommunity_WhoseMetersReportEverySlot_AtTheGivenSpeed()
    {
        var data = CliRunner.TempDir();
        using (var node = await NodeProcess.StartAsync(data, "--speed", "300"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            List<MeteringEndpoints.MeterResponse> meters;
            do
            {
                await Task.Delay(500);
                meters = (await node.Http.GetFromJsonAsync<List<MeteringEndpoints.MeterResponse>>("api/v1/meters"))!;
            }
            while ((meters.Count < NodeCommand.DefaultCommunity || meters.Any(m => m.LastSlot is null)) && DateTime.UtcNow < deadline);

            Assert.Equal(NodeCommand.DefaultCommunity, meters.Count);
            Assert.All(meters, m => Assert.NotNull(m.LastSlot));
            Assert.Contains("Clock: chain time runs 300× real time", node.Log);
            Assert.Contains("Community: 36 households (15 solar, 7 wind, 14 consumers; member-01 … member-36) in Z1–Z3 meter and trade every slot", node.Log);
            // The meters' readings came over MQTT, through the embedded broker and the gateway, not the REST API.
            var mqtt = (await node.Http.GetFromJsonAsync<MqttEndpoints.MqttStatusResponse>("api/v1/mqtt"))!;
            Assert.Equal(("embedded", NodeCommand.DefaultCommunity), (mqtt.Mode, mqtt.Clients));
            Assert.True(mqtt.Queued >= NodeCommand.DefaultCommunity && mqtt.Transactions >= 1,
                $"{mqtt.Queued} readings queued by the gateway, {mqtt.Transactions} transactions");
            Assert.Contains($"MQTT  mqtt://{mqtt.Listen} (embedded broker)", node.Log);
        }

        var (code, stdout, _) = CliRunner.Run("chain", "verify", "--data", data);
        Assert.True(code == 0, stdout);
        Directory.Delete(data, true);
    }

    [Theory]
    [InlineData("--speed", "60")]
    [InlineData("--community", "5")]
    public void SpeedAndCommunity_WithoutDev_AreRefused(string option, string value)
    {
        var data = CliRunner.TempDir();
        var (code, _, stderr) = CliRunner.Run("node", "--data", data, option, value);
        Assert.Equal(2, code);
        Assert.Contains($"{option} runs only with --dev", stderr);
        Directory.Delete(data, true);
    }

    [Theory]
    [InlineData("--mqtt off and --mqtt-broker contradict", "--dev", "--mqtt", "off", "--mqtt-broker", "mqtt://127.0.0.1:1")]
    [InlineData("--mqtt runs the embedded broker, --mqtt-broker uses another", "--dev", "--mqtt", "127.0.0.1:0", "--mqtt-broker", "mqtt://127.0.0.1:1")]
    [InlineData("--mqtt (mqtt.listen) takes HOST:PORT", "--dev", "--mqtt", "somewhere")]
    [InlineData("--mqtt-broker: 'http://x' is not mqtt://", "--dev", "--mqtt-broker", "http://x")]
    [InlineData("needs --gateway-key", "--mqtt", "127.0.0.1:0")]
    [InlineData("--mqtt-config (mqtt.config_file) configures an external broker", "--dev", "--mqtt", "127.0.0.1:0", "--mqtt-config", "x.json")]
    public void MqttFlags_ThatDoNotFit_AreRefusedBeforeAnythingStarts(string message, params string[] flags)
    {
        var data = CliRunner.TempDir();
        var (code, _, stderr) = CliRunner.Run(["node", "--data", data, "--http", $"127.0.0.1:{CliRunner.FreePort()}", .. flags]);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Directory.Delete(data, true);
    }

    [Fact]
    public void ChainVerify_OnADirectoryWithoutAChain_ReportsBad()
    {
        var data = CliRunner.TempDir();
        var (code, stdout, _) = CliRunner.Run("chain", "verify", "--data", data);
        Assert.Equal(1, code);
        Assert.StartsWith("BAD 0", stdout.Trim());
        Assert.False(ChainVerifier.Verify(data).Ok);
        Directory.Delete(data, true);
    }
}
