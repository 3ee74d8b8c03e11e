using System.Text.Json;
using GridForge.Chain;
using GridForge.Cli.Demo;

namespace GridForge.Cli.Tests;

/// <summary>`gridforge demo` is a test too: it runs as a child process and its summary must equal what this test computes
/// on its own from the scenario's inputs, the dev grid's fees and DESIGN §3's rounding.</summary>
public sealed class DemoTests
{
    private sealed record Expected(string Seller, string SellZone, long Quantity, long Price, long Fee, long BuyerPrice, long SellerPrice,
        long BuyerPays, long SellerGets, long DsoGets);

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    /// <summary>DESIGN §6 Market rule 6: the fee of the link (or the local fee within a zone), raised by congestion; the
    /// link is empty before the demo's one cross-zone trade, so its flow is 0.</summary>
    private static long FeeOf(string from, string to, long flowBefore)
    {
        var grid = DevChain.DevGrid();
        if (from == to) return grid.LocalFee;
        var link = grid.Links.Single(l => (l.From, l.To) == (from, to) || (l.From, l.To) == (to, from));
        return link.Fee + (link.Fee * grid.CongestionPermille * Math.Max(0, flowBefore) / (1000 * link.Capacity));
    }

    /// <summary>Both asks rest; Charlie's bid takes them cheapest first for him (price + fee), each at the ask's price (rule 3).</summary>
    private static List<Expected> ExpectedTrades()
    {
        var asks = new[]
        {
            (Seller: "alice", Zone: DemoScenario.AliceZone, Price: DemoScenario.AlicePrice, Quantity: DemoScenario.AliceQuantityWh),
            (Seller: "bob", Zone: DemoScenario.BobZone, Price: DemoScenario.BobPrice, Quantity: DemoScenario.BobQuantityWh),
        };
        var left = DemoScenario.CharlieQuantityWh;
        var trades = new List<Expected>();
        foreach (var a in asks.OrderBy(a => a.Price + FeeOf(a.Zone, DemoScenario.CharlieZone, 0)))
        {
            var fee = FeeOf(a.Zone, DemoScenario.CharlieZone, 0);
            var b = a.Price + fee;
            if (b > DemoScenario.CharliePrice || left == 0) continue;
            var q = Math.Min(left, a.Quantity);
            left -= q;
            // DESIGN §3: the buyer pays ceil(q × b / 1000), the seller gets floor(q × s / 1000), the DSO the difference.
            var pays = CeilDiv(q * b, 1000);
            var gets = q * a.Price / 1000;
            trades.Add(new Expected(a.Seller, a.Zone, q, a.Price, fee, b, a.Price, pays, gets, pays - gets));
        }

        return trades;
    }

    [Fact]
    public void TheDemo_AsJson_ReportsWhatTheScenarioMustGive_AndEveryCheckHeld()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "gridforge-demo-*").ToHashSet();

        var (exit, stdout, stderr) = CliRunner.Run("demo", "--json");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var doc = JsonDocument.Parse(stdout);
        var s = doc.RootElement;
        long L(string name) => s.GetProperty(name).GetInt64();

        var expected = ExpectedTrades();
        // The scenario's numbers: 80 kWh generated, 25 kWh traded in 2 trades, one within Z1 and one across the link.
        Assert.Equal(80_000, DemoScenario.AliceExportWh.Sum() + DemoScenario.BobExportWh.Sum());
        Assert.Equal((25_000L, 2), (expected.Sum(t => t.Quantity), expected.Count));
        Assert.Equal((80_000L, 25_000L, 2L), (L("generatedWh"), L("tradedWh"), L("tradeCount")));

        var trades = s.GetProperty("trades").EnumerateArray().ToList();
        Assert.Equal(expected.Count, trades.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var t = trades[i];
            long T(string name) => t.GetProperty(name).GetInt64();
            Assert.Equal((e.Seller, "charlie", e.SellZone, DemoScenario.CharlieZone),
                (t.GetProperty("seller").GetString(), t.GetProperty("buyer").GetString(), t.GetProperty("sellZone").GetString(), t.GetProperty("buyZone")
                    .GetString()));
            Assert.Equal((e.Quantity, e.Price, e.Fee, e.BuyerPrice, e.SellerPrice), (T("quantityWh"), T("price"), T("fee"), T("buyerPrice"), T("sellerPrice")));
            // The meters exported more than was sold, so every trade is delivered in full.
            Assert.Equal((e.Quantity, e.BuyerPays, e.SellerGets, e.DsoGets), (T("deliveredWh"), T("buyerPaid"), T("sellerReceived"), T("dsoReceived")));
        }

        // Hand check of the same: bob 9,500 Wh at 70,001 + link fee 10,000: ceil(760,009.5) = 760,010, floor(665,009.5) = 665,009;
        // alice 15,500 Wh at 80,003 + local fee 5,000: ceil(1,317,546.5) = 1,317,547, floor(1,240,046.5) = 1,240,046.
        Assert.Equal([95_001L, 77_501L], expected.Select(t => t.DsoGets));
        Assert.Equal((long)DemoScenario.CharlieDeposit, L("mintedToCharlie"));
        Assert.Equal(expected.Sum(t => t.BuyerPays), L("wattMoved"));
        Assert.Equal(expected.Sum(t => t.DsoGets), L("gridFees"));
        // One certificate per delivered trade (both sellers' meters are solar or wind), all Charlie's.
        Assert.Equal((2L, 25_000L), (L("certificates"), L("certifiedWh")));
        // 3 meter registrations, the issuer's attestation and mint, 2 asks, 1 bid, 1 batch of readings.
        Assert.Equal(9L, L("transactions"));
        Assert.Equal($"OK {L("blocks")}", s.GetProperty("chainCheck").GetString());
        var checks = s.GetProperty("checks").EnumerateArray().ToList();
        Assert.NotEmpty(checks);
        Assert.All(checks, c => Assert.True(c.GetProperty("held").GetBoolean(), c.ToString()));
        Assert.True(s.GetProperty("allHeld").GetBoolean());

        // The temporary data directory is gone.
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "gridforge-demo-*"), d => !before.Contains(d));
    }

    [Fact]
    public void TheDemo_AsATable_ExitsZeroAndSaysEveryCheckHeld()
    {
        var (exit, stdout, stderr) = CliRunner.Run("demo");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("every check held", stdout, StringComparison.Ordinal);
        Assert.Contains("chain check", stdout, StringComparison.Ordinal);
    }
}
