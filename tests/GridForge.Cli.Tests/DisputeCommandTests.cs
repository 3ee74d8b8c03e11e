using System.Text.Json;

namespace GridForge.Cli.Tests;

/// <summary>`gridforge dispute open|rule|list|show` as a user runs them: the real program as a child process against a
/// `gridforge node --dev` process, on a trade that has not settled yet (so the test needs no wall-clock wait).</summary>
public class DisputeCommandTests
{
    [Fact]
    public async Task CharlieDisputesHisTrade_TheDsoCorrectsIt_AndListAndShowTellTheOutcome()
    {
        var dir = CliRunner.TempDir();
        var pv = Path.Combine(dir, "pv.key");
        CliRunner.Ok("meter", "keygen", "--out", pv);
        using (var node = await NodeProcess.StartAsync(Path.Combine(dir, "data")))
        {
            var slot = $"{(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) + 3}";
            string[] at = ["--node", node.Url];
            CliRunner.Ok(["meter", "register", pv, "--owner", "alice", "--zone", "Z1", "--kind", "production", "--technology", "solar", "--rated-power", "8000",
                .. at]);
            CliRunner.Ok(["market", "order", "--from", "alice", "--side", "sell", "--zone", "Z1", "--price", "60000", "--quantity", "1500", "--slot", slot,
                .. at]);
            CliRunner.Ok(["market", "order", "--from", "charlie", "--side", "buy", "--zone", "Z1", "--price", "80000", "--quantity", "1000", "--tif", "ioc",
                "--slot", slot, .. at]);

            var opened = CliRunner.Ok(["dispute", "open", "--from", "charlie", "--trade", $"{slot}:0", "--claim", "0.05", "--bond", "10", "--reason",
                "the meter under-read", .. at]);
            Assert.Contains($"dispute 1: trade {slot}:0, charlie against alice, claim 50,000 µWATT, held 50,000 µWATT (until settlement), bond 10 WATT",
                opened);

            var (stranger, _, strangerErr) = CliRunner.Run(["dispute", "rule", "--from", "bob", "--id", "1", "--uphold", .. at]);
            Assert.Equal(1, stranger);
            Assert.Contains("not_arbitrator", strangerErr);
            CliRunner.Ok(["dispute", "rule", "--from", "dso", "--id", "1", "--correct", "0.02", .. at]);

            var shown = CliRunner.Ok(["dispute", "show", "1", .. at]);
            Assert.Contains("corrected", shown);
            Assert.Contains("20,000 µWATT to the opener, 30,000 µWATT released to the respondent, bond to charlie", shown);
            using (var closed = JsonDocument.Parse(CliRunner.Ok(["dispute", "list", "--status", "closed", "--account", "alice", "--json", .. at])))
            {
                Assert.Equal(20_000, Assert.Single(closed.RootElement.EnumerateArray()).GetProperty("toOpener").GetInt64());
            }

            Assert.Contains("corrected", CliRunner.Ok(["dispute", "list", .. at]));
            var (again, _, againErr) = CliRunner.Run(["dispute", "rule", "--from", "dso", "--id", "1", "--uphold", .. at]);
            Assert.Equal(1, again);
            Assert.Contains("dispute_closed", againErr);
        }

        Directory.Delete(dir, true);
    }

    [Fact]
    public void ABadTradeARulingThatIsNeitherOrBoth_OrACouncilWithoutThreshold_IsAUserError()
    {
        string[] node = ["--node", "http://127.0.0.1:1"];
        var (trade, _, tradeErr) = CliRunner.Run(["dispute", "open", "--from", "bob", "--trade", "12", "--claim", "1", "--bond", "10", "--reason", "x",
            .. node]);
        Assert.Equal((2, true), (trade, tradeErr.Contains("SLOT:SEQ", StringComparison.Ordinal)));
        var (both, _, bothErr) = CliRunner.Run(["dispute", "rule", "--from", "dso", "--id", "1", "--uphold", "--correct", "1", .. node]);
        Assert.Equal((2, true), (both, bothErr.Contains("exactly one", StringComparison.Ordinal)));
        var (neither, _, _) = CliRunner.Run(["dispute", "rule", "--from", "dso", "--id", "1", .. node]);
        Assert.Equal(2, neither);
        var (council, _, councilErr) = CliRunner.Run(["governance", "propose", "--from", "alice", "--council", "alice,bob", .. node]);
        Assert.Equal((2, true), (council, councilErr.Contains("--council", StringComparison.Ordinal)));
    }
}
