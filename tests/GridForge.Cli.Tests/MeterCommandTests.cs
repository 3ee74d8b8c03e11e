using System.Text.Json;
using GridForge.Chain.Verification;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Tests;

/// <summary>`gridforge meter …`, `grid …` and `energy balance` as a user runs them: the real program as a child
/// process, against a dev node process where a node is needed.</summary>
public class MeterCommandTests
{
    private static string Sign(string key, long slot, long imported, long exported, long importRegister, long exportRegister, string chain = "gridforge-dev")
    {
        var (code, stdout, stderr) = CliRunner.Run("meter", "sign", "--key", key, "--chain", chain, "--slot", $"{slot}", "--imported", $"{imported}",
            "--exported", $"{exported}", "--import-register", $"{importRegister}", "--export-register", $"{exportRegister}");
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    private static MeterReading Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        long L(string name) => r.GetProperty(name).GetInt64();
        return new MeterReading(MeterId.Parse(r.GetProperty("meter").GetString()!), new SlotId(L("slot")), new Wh(L("imported")), new Wh(L("exported")),
            new Wh(L("import_register")), new Wh(L("export_register")), Convert.FromHexString(r.GetProperty("signature").GetString()!));
    }

    [Fact]
    public void MeterSign_WithoutANode_MakesAReadingThatVerifiesForItsChainOnly()
    {
        var dir = CliRunner.TempDir();
        var key = Path.Combine(dir, "pv.key");
        var (code, id, _) = CliRunner.Run("meter", "keygen", "--out", key);
        Assert.Equal(0, code);
        Assert.Equal(id.Trim(), CliRunner.Run("meter", "id", key).Stdout.Trim());

        var line = Sign(key, 2_000_000, 10, 20, 110, 220);
        var reading = Parse(line);

        Assert.Equal((id.Trim(), 2_000_000L, 20L), (reading.Meter.ToString(), reading.Slot.Index, reading.Exported.Value));
        Assert.True(reading.Verify("gridforge-dev"));
        Assert.False(reading.Verify("gridforge-dev-other"));
        Assert.True(Parse(Sign(key, 2_000_000, 10, 20, 110, 220, "gridforge-dev-other")).Verify("gridforge-dev-other"));
        Assert.Equal(line, Sign(key, 2_000_000, 10, 20, 110, 220));
        var (again, _, err) = CliRunner.Run("meter", "keygen", "--out", key);
        Assert.Equal((2, true), (again, err.Contains("refusing to overwrite", StringComparison.Ordinal)));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void MeterSign_WithAnAccountKeyFileOrABadSlot_IsAUserError()
    {
        var dir = CliRunner.TempDir();
        var accountKey = Path.Combine(dir, "me.key");
        Assert.Equal(0, CliRunner.Run("keys", "new", "--out", accountKey).ExitCode);
        var (code, _, stderr) = CliRunner.Run("meter", "sign", "--key", accountKey, "--slot", "1", "--imported", "0", "--exported", "0", "--import-register",
            "0", "--export-register", "0");
        Assert.Equal(2, code);
        Assert.Contains("not a GridForge meter key file", stderr);

        var meterKey = Path.Combine(dir, "m.key");
        CliRunner.Run("meter", "keygen", "--out", meterKey);
        var (badSlot, _, slotErr) = CliRunner.Run("meter", "sign", "--key", meterKey, "--slot", "soon", "--imported", "0", "--exported", "0",
            "--import-register", "0", "--export-register", "0");
        Assert.Equal(2, badSlot);
        Assert.Contains("slot", slotErr);
        var byTime = Parse(Sign(meterKey, 0, 0, 0, 0, 0));
        var (_, iso, _) = CliRunner.Run("meter", "sign", "--key", meterKey, "--slot", "2027-01-15T10:20:00Z", "--imported", "0", "--exported", "0",
            "--import-register", "0", "--export-register", "0");
        Assert.Equal(new DateTimeOffset(2027, 1, 15, 10, 15, 0, TimeSpan.Zero).ToUnixTimeSeconds() / 900, Parse(iso).Slot.Index);
        Assert.Equal(0, byTime.Slot.Index);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task DsoRegistersAMeter_GatewaySubmitsSignedReadings_BalanceShowsThem_AndTheChainVerifies()
    {
        var dir = CliRunner.TempDir();
        var data = Path.Combine(dir, "data");
        var key = Path.Combine(dir, "pv.key");
        CliRunner.Run("meter", "keygen", "--out", key);
        using (var node = await NodeProcess.StartAsync(data))
        {
            var (showCode, grid, _) = CliRunner.Run("grid", "show", "--node", node.Url);
            Assert.Equal(0, showCode);
            Assert.Contains("Z1", grid);
            Assert.Contains("50,000", grid);

            var (notDso, _, notDsoErr) = CliRunner.Run("meter", "register", key, "--owner", "alice", "--zone", "Z1", "--kind", "production", "--technology",
                "solar",
                "--rated-power", "5000", "--from", "alice", "--node", node.Url);
            Assert.Equal(1, notDso);
            Assert.Contains("unauthorized", notDsoErr);
            var (registered, _, registerErr) = CliRunner.Run("meter", "register", key, "--owner", "alice", "--zone", "Z1", "--kind", "production",
                "--technology", "solar",
                "--rated-power", "5000", "--node", node.Url);
            Assert.True(registered == 0, registerErr);

            var slot = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) - 2;
            var readings = Path.Combine(dir, "readings.jsonl");
            File.WriteAllLines(readings, [Sign(key, slot, 0, 700, 0, 700), Sign(key, slot + 1, 0, 500, 0, 1_200)]);
            var (submitted, output, submitErr) = CliRunner.Run("meter", "submit", "--readings", readings, "--from", "bob", "--node", node.Url);
            Assert.True(submitted == 0, output + submitErr);
            Assert.Contains("2 accepted, 0 rejected", output);

            var (again, duplicate, _) = CliRunner.Run("meter", "submit", "--readings", readings, "--from", "bob", "--node", node.Url);
            Assert.Equal(1, again);
            Assert.Contains("duplicate_reading", duplicate);
            Assert.Contains("0 accepted, 2 rejected", duplicate);

            var (balanceCode, balance, balanceErr) = CliRunner.Run("energy", "balance", "alice", "--slot", $"{slot}", "--to-slot", $"{slot + 1}", "--json",
                "--node", node.Url);
            Assert.True(balanceCode == 0, balanceErr);
            using var doc = JsonDocument.Parse(balance);
            Assert.Equal([700L, 500L], doc.RootElement.EnumerateArray().Select(b => b.GetProperty("produced").GetInt64()));

            var (tableCode, table, _) = CliRunner.Run("energy", "balance", "alice", "--slot", $"{slot}", "--node", node.Url);
            Assert.Equal(0, tableCode);
            Assert.Contains("700", table);
            Assert.Contains("alice", CliRunner.Run("meter", "list", "--node", node.Url).Stdout);
        }

        var (verify, verified, _) = CliRunner.Run("chain", "verify", "--data", data);
        Assert.Equal(0, verify);
        Assert.StartsWith("OK", verified.Trim());
        Assert.True(ChainVerifier.Verify(data).Ok);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task GridAdmin_ByTheDso_ChangesTheGridThatGridShowPrints()
    {
        var data = CliRunner.TempDir();
        using (var node = await NodeProcess.StartAsync(data))
        {
            Assert.Equal(0, CliRunner.Run("grid", "zone", "add", "Z3", "--node", node.Url).ExitCode);
            Assert.Equal(0, CliRunner.Run("grid", "link", "set", "Z3", "Z2", "--fee", "7000", "--capacity", "1200", "--capacity-back", "3400", "--node",
                node.Url).ExitCode);
            var next = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) + 3;
            Assert.Equal(0, CliRunner.Run("grid", "capacity", "Z1", "Z2", "--first-slot", $"{next}", "--capacity", "0", "--both", "--node", node.Url).ExitCode);
            var (refused, _, err) = CliRunner.Run("grid", "fees", "--local", "1", "--congestion", "1", "--from", "bob", "--node", node.Url);
            Assert.Equal(1, refused);
            Assert.Contains("unauthorized", err);

            var (_, json, _) = CliRunner.Run("grid", "show", "--json", "--slot", $"{next}", "--node", node.Url);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(["Z1", "Z2", "Z3"], doc.RootElement.GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
            var links = doc.RootElement.GetProperty("links").EnumerateArray().Select(l => (l.GetProperty("from").GetString(), l.GetProperty("to").GetString(),
                l.GetProperty("capacity").GetInt64(), l.GetProperty("capacity_back").GetInt64())).ToList();
            Assert.Equal([("Z1", "Z2", 0L, 0L), ("Z2", "Z3", 3_400L, 1_200L)], links);
            Assert.Contains("capacity overrides", CliRunner.Run("grid", "show", "--node", node.Url).Stdout);
        }

        Directory.Delete(data, true);
    }
}
