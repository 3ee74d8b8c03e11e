using System.Text.Json;

namespace GridForge.Cli.Tests;

/// <summary>`gridforge contract` as a user runs it: the real program against a `gridforge node --dev` process.</summary>
public class ContractCommandTests
{
    private static string Ok(params string[] args) => CliRunner.Ok(args);

    [Fact]
    public async Task AlicesPpaToBob_IsProposedAcceptedShownAndTerminated_AndAFlexibilityOfferByANonDsoIsRefused()
    {
        var dir = CliRunner.TempDir();
        using var node = await NodeProcess.StartAsync(Path.Combine(dir, "data"));
        string[] at = ["--node", node.Url];

        var created = Ok(["contract", "create", "ppa", "--from", "alice", "--counterparty", "bob", "--role", "seller", "--sell-zone", "Z1", "--buy-zone", "Z2",
            "--price", "80000", "--schedule", "1000,2000", "--take-or-pay", "800", "--penalty", "40000", "--period", "day", "--start", "+4", "--end", "+100",
            "--notice", "8", "--termination-fee", "2.5", .. at]);
        Assert.Contains("contract 1: ppa, proposed", created);
        Ok(["contract", "accept", "1", "--from", "bob", .. at]);
        using (var shown = JsonDocument.Parse(Ok(["contract", "show", "1", "--json", .. at])))
        {
            var c = shown.RootElement.GetProperty("contract");
            Assert.Equal(("active", 2_500_000UL), (c.GetProperty("status").GetString(), c.GetProperty("terminationFee").GetUInt64()));
            Assert.Equal([1_000L, 2_000L], c.GetProperty("terms").GetProperty("schedule").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal(["contract_created", "contract_accepted"], shown.RootElement.GetProperty("history").EnumerateArray()
                .Select(h => h.GetProperty("kind").GetString()));
        }

        Assert.Contains("ppa", Ok(["contract", "list", "--account", "bob", .. at]));
        Ok(["contract", "terminate", "1", "--from", "bob", .. at]);
        Assert.Contains("contract_terminating", Ok(["contract", "show", "1", .. at]));

        var (refused, _, error) = CliRunner.Run(["contract", "create", "flexibility", "--from", "alice", "--provider", "bob", "--zone", "Z1", "--price",
            "100000",
            "--max-wh", "1000", "--start", "+4", "--end", "+8", .. at]);
        Assert.Equal(1, refused);
        Assert.Contains("unauthorized", error);

        var residential = Ok(["contract", "create", "residential", "--from", "charlie", "--zone", "Z2", "--floor", "40000", "--ceiling", "90000", "--buy-limit",
            "2000",
            "--daily-budget", "3", "--green-only", "--start", "+4", "--end", "+8", .. at]);
        Assert.Contains("contract 2: residential, active", residential);
    }
}
