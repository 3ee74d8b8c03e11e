using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GridForge.Cli.Simulation;

/// <summary>Writes a run's outputs into a directory (docs/simulate.md, "Outputs"): kpis.json, households.csv, trades.csv,
/// report.html and the scenario it ran (scenario.json).</summary>
internal static class SimulationOutputs
{
    public static readonly JsonSerializerOptions KpiJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    public static void Write(SimulationResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "scenario.json"), JsonSerializer.Serialize(result.Scenario, Scenario.JsonOptions));
        File.WriteAllText(Path.Combine(directory, "kpis.json"), JsonSerializer.Serialize(result.Kpis, KpiJson));
        WriteHouseholds(result, Path.Combine(directory, "households.csv"));
        WriteTrades(result, Path.Combine(directory, "trades.csv"));
        File.WriteAllText(Path.Combine(directory, "report.html"), HtmlReport.Render(result));
    }

    /// <summary>Appends integers and text to a CSV line without allocating per value.</summary>
    private sealed class Line(StreamWriter writer)
    {
        private readonly char[] _buffer = new char[32];
        private bool _first = true;

        public Line Add(long value)
        {
            Separator();
            value.TryFormat(_buffer, out var n, default, CultureInfo.InvariantCulture);
            writer.Write(_buffer, 0, n);
            return this;
        }

        public Line Add(string text)
        {
            Separator();
            writer.Write(text);
            return this;
        }

        public void End()
        {
            writer.Write('\n');
            _first = true;
        }

        private void Separator()
        {
            if (!_first) writer.Write(',');
            _first = false;
        }
    }

    private static void WriteHouseholds(SimulationResult result, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("slot,start,household,zone,production_wh,consumption_wh,battery_charge_wh,battery_discharge_wh,battery_wh,imported_wh,exported_wh,"
            + "bought_wh,sold_wh,utility_import_wh,utility_export_wh,paid,received,penalty,utility_paid,utility_received,contract_paid\n");
        var r = result.Recorder;
        var line = new Line(writer);
        var starts = Enumerable.Range(0, result.Scenario.Slots).Select(result.SlotStart).ToArray();
        foreach (var h in result.Households)
        {
            for (var k = 0; k < result.Scenario.Slots; k++)
            {
                var c = r.Cell(h.Index, k);
                var f = h.Flows[k];
                line.Add(result.FirstSlot + k).Add(starts[k]).Add(h.Name).Add(h.Zone.Name).Add(h.Production[k]).Add(h.Consumption[k]).Add(f.ChargeWh)
                    .Add(f.DischargeWh).Add(f.StateWh).Add(f.ImportWh).Add(f.ExportWh).Add(r.Bought[c]).Add(r.Sold[c]).Add(r.UtilityImport[c])
                    .Add(r.UtilityExport[c]).Add(r.Paid[c]).Add(r.Received[c]).Add(r.Penalty[c]).Add(r.UtilityCost[c]).Add(r.UtilityRevenue[c])
                    .Add(result.ContractPaid[c]).End();
            }
        }
    }

    private static void WriteTrades(SimulationResult result, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("slot,trade,buyer,seller,buyer_zone,seller_zone,quantity_wh,delivered_wh,price,fee,buyer_price,seller_price,buyer_paid,"
            + "seller_received,dso_received,penalty,certified_wh,contract\n");
        var line = new Line(writer);
        foreach (var t in result.Recorder.Trades)
        {
            line.Add(result.FirstSlot + t.K).Add(t.Seq).Add(result.Households[t.Buyer].Name).Add(result.Households[t.Seller].Name).Add(t.BuyZone)
                .Add(t.SellZone)
                .Add(t.Quantity).Add(t.Delivered).Add(t.Price).Add(t.Fee).Add(t.BuyerPrice).Add(t.SellerPrice).Add(t.BuyerPaid).Add(t.SellerReceived)
                .Add(t.DsoReceived).Add(t.Penalty).Add(t.CertifiedWh).Add((long)t.Contract).End();
        }
    }
}
