using System.Diagnostics;

namespace GridForge.Cli.Tests;

/// <summary>The CLI's output as a person reads it (README, "CLI output"): tables fit the console's width (80 columns when the output
/// is not a terminal, or <c>COLUMNS</c>), no raw JSON before a table, and every write command says what it created and changed, with
/// the units of its amounts.</summary>
public class CliOutputTests
{
    [Theory]
    [InlineData(null, null, 80)]
    [InlineData("60", null, 60)]
    [InlineData(null, 132, 132)]
    [InlineData("100", 132, 100)]
    [InlineData("x", null, 80)]
    [InlineData("5", null, 80)]
    public void TheTableWidth_IsColumns_ElseTheTerminals_Else80(string? columns, int? terminal, int width) =>
        Assert.Equal(width, ConsoleWidth.Resolve(columns, terminal));

    [Fact]
    public async Task Tables_FitTheWidth_ContractShowPrintsNoJson_AndWriteCommandsSayWhatTheyCreated()
    {
        var dir = CliRunner.TempDir();
        var pv = Path.Combine(dir, "pv.key");
        CliRunner.Ok("meter", "keygen", "--out", pv);
        try
        {
            using var node = await NodeProcess.StartAsync(Path.Combine(dir, "data"));
            var slot = $"{(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) + 3}";
            string[] at = ["--node", node.Url];
            Assert.Contains("metering meter_registered: meter meter1",
                Run(80, ["meter", "register", pv, "--owner", "alice", "--zone", "Z1", "--kind", "production", "--technology", "solar", "--rated-power", "8000",
                    .. at]));
            var offer = Run(80, ["market", "order", "--from", "alice", "--side", "sell", "--zone", "Z1", "--price", "60000", "--quantity", "1500", "--slot",
                slot, .. at]);
            Assert.Contains("market order_placed: order 1, slot " + slot, offer);
            Assert.Contains("µWATT/kWh", offer);
            var bid = Run(80, ["market", "order", "--from", "charlie", "--side", "buy", "--zone", "Z2", "--price", "80000", "--quantity", "1000", "--tif",
                "ioc", "--slot", slot, .. at]);
            Assert.Contains("market trade: slot " + slot + ", trade 0, buy 2, sell 1, buyer charlie, seller alice", bid);
            var proposal = Run(80, ["governance", "propose", "--from", "alice", "--text", "--description", "a text signal", .. at]);
            Assert.Contains("governance proposed: id 1, proposer alice", proposal);
            var ppa = Run(80, ["contract", "create", "ppa", "--from", "alice", "--counterparty", "bob", "--role", "seller", "--sell-zone", "Z1", "--buy-zone",
                "Z2",
                "--price", "80000", "--schedule", "1000", "--take-or-pay", "800", "--penalty", "40000", "--period", "day", "--start", "+4", "--end", "+100",
                    .. at]);
            Assert.Contains("contracts contract_created: contract 1, template ppa, creator alice, counterparty bob", ppa);

            foreach (var width in new[] { 80, 60 })
            {
                foreach (string[] command in (string[][])[
                    ["market", "trades", "--slot", slot, .. at], ["market", "orders", "alice", .. at],
                        ["market", "book", "--slot", slot, "--zone", "Z1", .. at],
                    ["contract", "show", "1", .. at], ["contract", "list", "--account", "alice", .. at], ["grid", "show", .. at], ["meter", "list", .. at],
                        ["settlement", "show", "charlie", .. at]])
                {
                    var output = Run(width, command);
                    var lines = output.Split('\n');
                    var table = Array.FindIndex(lines, l => l.StartsWith('┌'));
                    Assert.True(table >= 0, $"gridforge {string.Join(' ', command)} printed no table:\n{output}");
                    foreach (var line in lines.Skip(table).Where(l => l.Length > 0 && "┌│├└".Contains(l[0], StringComparison.Ordinal)))
                    {
                        Assert.True(line.TrimEnd('\r').Length <= width,
                            $"gridforge {string.Join(' ', command)} at {width} columns printed a {line.Length}-column line:\n{output}");
                    }

                    Assert.DoesNotContain(lines.Take(table), l => l.TrimStart().StartsWith('{') || l.TrimStart().StartsWith('['));
                }
            }

            var shown = Run(80, ["contract", "show", "1", .. at]);
            Assert.Contains("contract 1: ppa, proposed; creator alice, counterparty bob", shown);
            Assert.Contains("(prices µWATT/kWh, energy Wh, money µWATT)", shown);
            var trades = Run(80, ["market", "trades", "--slot", slot, .. at]);
            Assert.Contains($"{slot}:0", trades);
            Assert.Contains("charlie", trades);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Runs the CLI with its output redirected and <c>COLUMNS</c> set; it must exit 0.</summary>
    private static string Run(int columns, string[] args)
    {
        var psi = CliRunner.StartInfo(args);
        psi.Environment["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(120)), $"gridforge {string.Join(' ', args)} did not finish");
        Assert.True(p.ExitCode == 0, $"gridforge {string.Join(' ', args)} exited {p.ExitCode}: {stdout.Result}{stderr.Result}");
        return stdout.Result;
    }
}
