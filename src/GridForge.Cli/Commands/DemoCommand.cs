using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GridForge.Cli.Demo;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge demo [--json]</c>: the three-prosumer scenario end to end on a throwaway dev node (docs/demo.md).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON instead of a table" };
        var demo = new Command("demo", "Run Alice (solar), Bob (wind) and Charlie (consumer) through a real dev node: meters, mint, trades, settlement, " +
            "certificates, chain verify") { json };
        demo.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var summary = await DemoScenario.RunAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(summary, NodeClient.Json));
            else Print(summary);
            return summary.AllHeld ? 0 : 1;
        }));
        return demo;
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string Watt(long micro) => (micro / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture) + " WATT";

    private static void Print(DemoSummary s)
    {
        var trades = new Table { Title = new TableTitle($"trades of slot {s.Slot}"), Caption =
            new TableTitle("buyer: charlie; prices and grid fees in µWATT/kWh, money in µWATT") }
            .AddColumns("seller", "zones", "Wh", "price", "fee", "buyer pays", "seller gets", "DSO gets");
        foreach (var t in s.Trades)
        {
            trades.AddRow(t.Seller, $"{t.SellZone}→{t.BuyZone}", N(t.QuantityWh), N(t.Price), N(t.Fee), N(t.BuyerPaid), N(t.SellerReceived),
                N((long)t.DsoReceived));
        }

        var table = new Table { Title = new TableTitle("gridforge demo") }.AddColumns("figure", "value");
        table.AddRow("generated", $"{N(s.GeneratedWh)} Wh (alice solar + bob wind)");
        table.AddRow("traded", $"{N(s.TradedWh)} Wh");
        table.AddRow("trades", N(s.TradeCount));
        table.AddRow("prices", string.Join(", ", s.Trades.Select(t => $"{t.Seller}: {N(t.BuyerPrice)} paid / {N(t.SellerPrice)} received µWATT/kWh")));
        table.AddRow("grid fees to the DSO", Watt((long)s.GridFees));
        table.AddRow("WATT minted for charlie", Watt((long)s.MintedToCharlie));
        table.AddRow("WATT moved (charlie paid)", Watt(s.WattMoved));
        table.AddRow("certificates to charlie", $"{s.Certificates} ({N(s.CertifiedWh)} Wh)");
        table.AddRow("blocks", N((long)s.Blocks));
        table.AddRow("transactions", N(s.Transactions));
        table.AddRow("chain check", Markup.Escape(s.ChainCheck));
        table.AddRow("time", $"{s.Seconds.ToString("0.00", CultureInfo.InvariantCulture)} s");

        var checks = new Table().AddColumns("check", "held", "detail");
        foreach (var c in s.Checks) checks.AddRow(Markup.Escape(c.Name), c.Held ? "[green]yes[/]" : "[red]NO[/]", Markup.Escape(c.Detail));

        AnsiConsole.Write(trades);
        AnsiConsole.Write(table);
        AnsiConsole.Write(checks);
        AnsiConsole.MarkupLine(s.AllHeld ? "[green]every check held[/]" : "[red]a check failed[/]");
    }
}
