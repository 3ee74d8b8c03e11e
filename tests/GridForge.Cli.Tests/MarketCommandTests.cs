using System.Text.Json;

namespace GridForge.Cli.Tests;

/// <summary>`gridforge market order|amend|cancel|book|trades|orders`, `certificates list` and `settlement show` as a user
/// runs them: the real program as a child process against a `gridforge node --dev` process.</summary>
public class MarketCommandTests
{
    [Fact]
    public async Task AliceOffers_CharlieBids_TheTradeShowsInMarketTrades_AndAStrangersCancelIsRefusedWithItsCode()
    {
        var dir = CliRunner.TempDir();
        var pv = Path.Combine(dir, "pv.key");
        CliRunner.Ok("meter", "keygen", "--out", pv);
        using (var node = await NodeProcess.StartAsync(Path.Combine(dir, "data")))
        {
            // Three slots ahead: open (within the 24 h horizon) and well before its gate closure.
            var slot = $"{(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) + 3}";
            string[] at = ["--slot", slot, "--node", node.Url];

            var (noMeter, _, noMeterErr) = CliRunner.Run(
                ["market", "order", "--from", "alice", "--side", "sell", "--zone", "Z1", "--price", "60000", "--quantity", "1500", .. at]);
            Assert.Equal(1, noMeter);
            Assert.Contains("no_meter", noMeterErr);

            CliRunner.Ok("meter", "register", pv, "--owner", "alice", "--zone", "Z1", "--kind", "production", "--technology", "solar", "--rated-power", "8000",
                "--node", node.Url);
            // A refused order rolls back with its transaction, so the chain's order numbers start at 1 here.
            var offer = CliRunner.Ok(["market", "order", "--from", "alice", "--side", "sell", "--zone", "Z1", "--price", "60000", "--quantity", "1500", .. at]);
            Assert.Contains("order 1: sell gtc 1,500 Wh at 60,000", offer);
            Assert.Contains("resting", offer);
            var bid = CliRunner.Ok(["market", "order", "--from", "charlie", "--side", "buy", "--zone", "Z2", "--price", "80000", "--quantity", "1000", "--tif",
                "ioc", .. at]);
            Assert.Contains("order 2: buy ioc", bid);
            Assert.Contains("filled 1,000 Wh", bid);

            using (var trades = JsonDocument.Parse(CliRunner.Ok(["market", "trades", "--json", .. at])))
            {
                var trade = Assert.Single(trades.RootElement.EnumerateArray());
                // Z1 → Z2 across the dev link: the resting sell's price, the link's base fee (no flow yet), the buyer pays both.
                Assert.Equal((2UL, 1UL, 1_000L, 60_000L, 10_000L, 70_000L), (trade.GetProperty("buy").GetUInt64(), trade.GetProperty("sell").GetUInt64(),
                    trade.GetProperty("quantity").GetInt64(), trade.GetProperty("price").GetInt64(), trade.GetProperty("fee").GetInt64(),
                        trade.GetProperty("buyerPrice").GetInt64()));
            }

            var table = CliRunner.Ok(["market", "trades", .. at]);
            Assert.Contains("charlie", table);
            Assert.Contains("alice", table);
            var book = CliRunner.Ok(["market", "book", "--zone", "Z1", .. at]);
            Assert.Contains("60,000", book);
            Assert.Contains("500", book);
            Assert.DoesNotContain("zone Z2", book);

            var (stranger, _, strangerErr) = CliRunner.Run("market", "cancel", "1", "--from", "bob", "--node", node.Url);
            Assert.Equal(1, stranger);
            Assert.Contains("not_owner", strangerErr);

            CliRunner.Ok("market", "amend", "1", "--from", "alice", "--quantity", "300", "--node", node.Url);
            using (var orders = JsonDocument.Parse(CliRunner.Ok("market", "orders", "alice", "--json", "--node", node.Url)))
            {
                var order = Assert.Single(orders.RootElement.EnumerateArray());
                Assert.Equal((300L, 1_000L, "resting"),
                    (order.GetProperty("remaining").GetInt64(), order.GetProperty("filled").GetInt64(), order.GetProperty("status").GetString()));
            }

            CliRunner.Ok("market", "cancel", "1", "--from", "alice", "--node", node.Url);
            Assert.Contains("cancelled (user)", CliRunner.Ok("market", "orders", "alice", "--node", node.Url));
            var (again, _, againErr) = CliRunner.Run("market", "cancel", "1", "--from", "alice", "--node", node.Url);
            Assert.Equal(1, again);
            Assert.Contains("order_not_resting", againErr);

            Assert.Contains("not yet", CliRunner.Ok("settlement", "show", "charlie", "--node", node.Url));
            Assert.Equal("[]", CliRunner.Ok("certificates", "list", "charlie", "--json", "--node", node.Url).Trim());
            var (noDebt, _, noDebtErr) = CliRunner.Run("settlement", "pay-debt", "--from", "alice", "--node", node.Url);
            Assert.Equal(1, noDebt);
            Assert.Contains("has no debt", noDebtErr);
        }

        Directory.Delete(dir, true);
    }

    [Fact]
    public void MarketOrder_WithABadSideOrTypeOrAnAmendWithNothingToChange_IsAUserError()
    {
        string[] common = ["--from", "alice", "--slot", "5", "--zone", "Z1", "--price", "1", "--quantity", "1", "--node", "http://127.0.0.1:1"];
        var (side, _, sideErr) = CliRunner.Run(["market", "order", "--side", "hold", .. common]);
        Assert.Equal((2, true), (side, sideErr.Contains("--side", StringComparison.Ordinal)));
        var (type, _, typeErr) = CliRunner.Run(["market", "order", "--side", "buy", "--type", "market", "--tif", "gtc", .. common]);
        Assert.Equal((2, true), (type, typeErr.Contains("market order is ioc", StringComparison.Ordinal)));
        var (amend, _, amendErr) = CliRunner.Run("market", "amend", "1", "--from", "alice", "--node", "http://127.0.0.1:1");
        Assert.Equal((2, true), (amend, amendErr.Contains("--price", StringComparison.Ordinal)));
    }
}
