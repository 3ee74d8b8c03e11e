using System.Globalization;
using System.Net;
using System.Text;

namespace GridForge.Cli.Simulation;

/// <summary>report.html: one self-contained page (no script, no font, no request: it opens offline) with inline SVG charts drawn
/// here — the community's energy mix over the day, the price per slot, self-sufficiency per zone, link utilisation as a heat map,
/// the distribution of household savings — and the KPI tables.</summary>
internal static class HtmlReport
{
    private const int Width = 960;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string Own = "#2e7d32", Local = "#1e88e5", Grid = "#9e9e9e", Production = "#f9a825", Price = "#6a1b9a";

    private static string F(double v, string format = "0.##") => v.ToString(format, Inv);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Watt(long micro) => (micro / 1_000_000m).ToString("#,0.00", Inv);

    private static string Kwh(long wh) => (wh / 1000m).ToString("#,0.0", Inv);

    private static string Pct(double? ratio) => ratio is { } r ? (r * 100).ToString("0.0", Inv) + "%" : "–";

    public static string Render(SimulationResult result)
    {
        var k = result.Kpis;
        var c = k.Community;
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>GridForge simulation — ").Append(E(result.Scenario.Name))
            .Append("</title>\n<style>")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}")
            .Append("h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.15em;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}")
            .Append(".sub{color:#666;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;"
                + "min-width:130px}")
            .Append(".card b{display:block;font-size:1.4em}.card span{color:#666;font-size:.85em}table{border-collapse:collapse;font-size:.85em;margin:8px 0}")
            .Append("td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:right}th{background:#f6f6f6}td:first-child,th:first-child{text-align:left}")
            .Append("figure{margin:12px 0}figcaption{color:#555;font-size:.9em}svg text{font-size:11px;fill:#444}.legend span{margin-right:14px;" +
                "font-size:.85em}")
            .Append(".sw{display:inline-block;width:10px;height:10px;margin-right:4px}.ok{color:#2e7d32}.bad{color:#c62828;" +
                "font-weight:bold}</style></head><body>\n");
        html.Append("<h1>GridForge simulation</h1><p class=\"sub\">").Append(E(result.Scenario.Name)).Append(" · ")
            .Append(result.Households.Length.ToString("N0", Inv))
            .Append(" households · ").Append(result.Scenario.Slots.ToString("N0", Inv)).Append(" slots from ").Append(E(result.Scenario.Start))
            .Append(" · retail ").Append(F(result.Scenario.Tariffs.Retail / 1e6, "0.000")).Append(" / feed-in ")
            .Append(F(result.Scenario.Tariffs.FeedIn / 1e6, "0.000"))
            .Append(" WATT/kWh · seed ").Append(result.Scenario.Seed.ToString(Inv)).Append("</p>\n");
        html.Append("<div class=\"cards\">");
        Card(html, Pct(c.SelfSufficiency), "self-sufficiency");
        Card(html, Pct(c.SelfConsumption), "self-consumption");
        Card(html, Watt(c.Savings) + " WATT", "savings vs baseline");
        Card(html, Kwh(c.BoughtWh) + " kWh", "traded locally (delivered)");
        Card(html, Watt(c.DsoFeeRevenue) + " WATT", "DSO grid fees");
        Card(html, k.Slots.Sum(s => s.Trades).ToString("N0", Inv), "trades");
        html.Append("</div>\n");

        html.Append("<h2>Energy mix over the day</h2>");
        EnergyMix(html, result);
        html.Append("<h2>Price per slot</h2>");
        Prices(html, result);
        html.Append("<h2>Self-sufficiency per zone</h2>");
        ZoneBars(html, result);
        html.Append("<h2>Link utilisation</h2>");
        HeatMap(html, result);
        html.Append("<h2>Household savings</h2>");
        Savings(html, result);

        html.Append("<h2>Community and zones</h2>");
        AreaTable(html, [c, .. k.Zones], "area");
        html.Append("<h2>Links</h2><table><tr><th>link</th><th>capacity Wh/slot</th><th>traded kWh</th><th>delivered kWh</th><th>trades</th><th>hours at " +
            "capacity</th><th>max utilisation</th><th>fee range µWATT/kWh</th></tr>");
        foreach (var l in k.Links)
        {
            html.Append("<tr><td>").Append(E(l.From)).Append(" → ").Append(E(l.To)).Append("</td><td>").Append(l.CapacityWh.ToString("N0", Inv))
                .Append("</td><td>").Append(Kwh(l.TradedWh))
                .Append("</td><td>").Append(Kwh(l.DeliveredWh)).Append("</td><td>").Append(l.Trades.ToString("N0", Inv)).Append("</td><td>")
                .Append(F(l.HoursAtCapacity))
                .Append("</td><td>").Append(Pct(l.MaxUtilisation)).Append("</td><td>").Append(l.FeeMin is null ? "–" : $"{l.FeeMin:N0} – {l.FeeMax:N0}")
                .Append("</td></tr>");
        }

        html.Append("</table>");
        var households = k.Households.Count <= 200 ? k.Households
            : [.. k.Households.OrderBy(h => h.Savings).Take(20), .. k.Households.OrderBy(h => h.Savings).TakeLast(20)];
        html.Append("<h2>Households</h2>");
        if (households.Count < k.Households.Count) html.Append(
            "<p class=\"sub\">The 20 with the lowest and the 20 with the highest savings; every household is in kpis.json and households.csv.</p>");
        AreaTable(html, households, "household");
        html.Append("<h2>Checks</h2><table><tr><th>rule</th><th>held</th><th>detail</th></tr>");
        foreach (var check in k.Checks)
        {
            html.Append("<tr><td>").Append(E(check.Name)).Append("</td><td class=\"").Append(check.Held ? "ok\">yes" : "bad\">NO").Append("</td><td>")
                .Append(E(check.Detail)).Append("</td></tr>");
        }

        html.Append("</table><p class=\"sub\">Energy in kWh and money in WATT are rounded for display; kpis.json holds the exact Wh and µWATT. Definitions: " +
            "docs/simulate.md.</p></body></html>\n");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string value, string label) =>
        html.Append("<div class=\"card\"><b>").Append(E(value)).Append("</b><span>").Append(E(label)).Append("</span></div>");

    private static void AreaTable(StringBuilder html, IReadOnlyList<AreaKpis> areas, string what)
    {
        html.Append("<table><tr><th>").Append(what).Append(
            "</th><th>demand kWh</th><th>production kWh</th><th>self-sufficiency</th><th>self-consumption</th><th>bought kWh</th><th>sold kWh</th>")
            .Append("<th>utility in / out kWh</th><th>avg buy / sell µWATT/kWh</th><th>penalties WATT</th><th>bill WATT</th><th>baseline WATT</th><th>savings "
                + "WATT</th></tr>");
        foreach (var a in areas)
        {
            html.Append("<tr><td>").Append(E(a.Name)).Append("</td><td>").Append(Kwh(a.DemandWh)).Append("</td><td>").Append(Kwh(a.ProductionWh))
                .Append("</td><td>")
                .Append(Pct(a.SelfSufficiency)).Append("</td><td>").Append(Pct(a.SelfConsumption)).Append("</td><td>").Append(Kwh(a.BoughtWh))
                .Append("</td><td>")
                .Append(Kwh(a.SoldWh)).Append("</td><td>").Append(Kwh(a.UtilityImportWh)).Append(" / ").Append(Kwh(a.UtilityExportWh)).Append("</td><td>")
                .Append(a.AverageBuyPrice is { } b ? F(b, "#,0") : "–").Append(" / ").Append(a.AverageSellPrice is { } s ? F(s, "#,0") : "–")
                .Append("</td><td>")
                .Append(Watt(a.Penalties)).Append("</td><td>").Append(Watt(a.Bill)).Append("</td><td>").Append(Watt(a.BaselineBill)).Append("</td><td>")
                .Append(Watt(a.Savings)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Legend(StringBuilder html, params (string Color, string Label)[] items)
    {
        html.Append("<div class=\"legend\">");
        foreach (var (color, label) in items) html.Append("<span><i class=\"sw\" style=\"background:").Append(color).Append("\"></i>").Append(E(label))
            .Append("</span>");
        html.Append("</div>");
    }

    private static void Open(StringBuilder html, string id, int height) =>
        html.Append("<figure id=\"").Append(id).Append("\"><svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(Width)
            .Append(' ').Append(height)
            .Append("\" width=\"100%\">");

    private static void Close(StringBuilder html, string caption) => html.Append("</svg><figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");

    private static void Text(StringBuilder html, double x, double y, string text, string anchor = "middle") =>
        html.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" text-anchor=\"").Append(anchor).Append("\">").Append(E(text))
            .Append("</text>");

    private static void Rect(StringBuilder html, double x, double y, double w, double h, string fill, string? title = null)
    {
        html.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" width=\"").Append(F(Math.Max(0, w))).Append("\" height=\"")
            .Append(F(Math.Max(0, h)))
            .Append("\" fill=\"").Append(fill).Append('"');
        if (title is null) html.Append("/>");
        else html.Append("><title>").Append(E(title)).Append("</title></rect>");
    }

    /// <summary>A y axis from 0 (or <paramref name="min"/>) to <paramref name="max"/> with five labelled grid lines.</summary>
    private static void YAxis(StringBuilder html, double left, double top, double height, double min, double max, Func<double, string> label)
    {
        for (var i = 0; i <= 4; i++)
        {
            var v = min + ((max - min) * i / 4);
            var y = top + height - (height * i / 4);
            html.Append("<line x1=\"").Append(F(left)).Append("\" x2=\"").Append(Width - 10).Append("\" y1=\"").Append(F(y)).Append("\" y2=\"").Append(F(y))
                .Append("\" stroke=\"#eee\"/>");
            Text(html, left - 6, y + 4, label(v), "end");
        }
    }

    private static void EnergyMix(StringBuilder html, SimulationResult result)
    {
        // Averages by slot of the day over the run's days: demand met behind the meter, from neighbours, from the utility.
        var slots = result.Kpis.Slots;
        var perDay = Math.Min(96, slots.Count);
        var own = new double[perDay];
        var local = new double[perDay];
        var grid = new double[perDay];
        var production = new double[perDay];
        var days = new int[perDay];
        for (var k = 0; k < slots.Count; k++)
        {
            var i = (int)(((result.FirstSlot + k) % 96) % perDay);
            own[i] += slots[k].BehindMeterWh;
            local[i] += slots[k].LocalWh;
            grid[i] += slots[k].UtilityWh;
            production[i] += slots[k].ProductionWh;
            days[i]++;
        }

        for (var i = 0; i < perDay; i++)
        {
            var d = Math.Max(1, days[i]);
            own[i] /= d;
            local[i] /= d;
            grid[i] /= d;
            production[i] /= d;
        }

        var max = Math.Max(1, Enumerable.Range(0, perDay).Max(i => Math.Max(own[i] + local[i] + grid[i], production[i]))) / 1000.0;
        const double left = 60, top = 10, height = 240;
        var w = (Width - left - 10) / perDay;
        Open(html, "chart-energy-mix", 290);
        YAxis(html, left, top, height, 0, max, v => F(v, "#,0") + " kWh");
        for (var i = 0; i < perDay; i++)
        {
            var x = left + (i * w);
            var y = top + height;
            foreach (var (value, color, label) in new[] { (own[i], Own, "own production"), (local[i], Local, "neighbours"), (grid[i], Grid, "utility") })
            {
                var h = value / 1000.0 / max * height;
                y -= h;
                Rect(html, x + 0.5, y, w - 1, h, color, $"{SlotOfDay(result, i)} {label}: {F(value / 1000.0, "#,0.0")} kWh");
            }
        }

        var path = string.Join(' ', Enumerable.Range(0, perDay)
            .Select(i => $"{(i == 0 ? 'M' : 'L')}{F(left + (i * w) + (w / 2))},{F(top + height - (production[i] / 1000.0 / max * height))}"));
        html.Append("<path d=\"").Append(path).Append("\" fill=\"none\" stroke=\"").Append(Production).Append("\" stroke-width=\"2\"/>");
        for (var i = 0; i < perDay; i += Math.Max(1, perDay / 12)) Text(html, left + (i * w) + (w / 2), top + height + 16, SlotOfDay(result, i));
        Close(html, "Community demand per slot of the day (average over the run's days), met by the households' own production and batteries, by neighbours " +
            "through the market, and by the utility; the line is production.");
        Legend(html, (Own, "own production (behind the meter)"), (Local, "bought from neighbours"), (Grid, "bought from the utility"),
            (Production, "production"));
    }

    private static string SlotOfDay(SimulationResult result, int i)
    {
        var minutes = (int)((((result.FirstSlot % 96) + i) % 96) * 15);
        return $"{minutes / 60:00}:{minutes % 60:00}";
    }

    private static void Prices(StringBuilder html, SimulationResult result)
    {
        var slots = result.Kpis.Slots;
        var retail = result.Scenario.Tariffs.Retail;
        var feedIn = result.Scenario.Tariffs.FeedIn;
        var max = Math.Max(retail, slots.Max(s => s.BuyerPriceMax ?? 0)) * 1.05 / 1e6;
        var min = Math.Min(0, Math.Min(feedIn, slots.Min(s => s.BuyerPriceMin ?? feedIn))) / 1e6;
        const double left = 60, top = 10, height = 220;
        var w = (Width - left - 10) / Math.Max(1, slots.Count);
        double Y(double price) => top + height - ((price / 1e6 - min) / Math.Max(1e-9, max - min) * height);
        Open(html, "chart-prices", 270);
        YAxis(html, left, top, height, min, max, v => F(v, "0.000"));
        for (var k = 0; k < slots.Count; k++)
        {
            if (slots[k].BuyerPriceMin is not { } lo || slots[k].BuyerPriceMax is not { } hi) continue;
            Rect(html, left + (k * w), Y(hi), Math.Max(1, w), Math.Max(1, Y(lo) - Y(hi)), "#e1bee7",
                $"{slots[k].Start}: {lo:N0} – {hi:N0} µWATT/kWh, {slots[k].Trades} trades");
        }

        foreach (var (price, color) in new[] { (retail, Grid), (feedIn, Own) })
        {
            html.Append("<line x1=\"").Append(F(left)).Append("\" x2=\"").Append(Width - 10).Append("\" y1=\"").Append(F(Y(price))).Append("\" y2=\"")
                .Append(F(Y(price)))
                .Append("\" stroke=\"").Append(color).Append("\" stroke-dasharray=\"6 4\"/>");
        }

        var points = slots.Select((s, k) => (s, k)).Where(p => p.s.BuyerPriceAverage is not null).ToList();
        if (points.Count > 0)
        {
            var path = string.Join(' ', points.Select((p, i) => $"{(i == 0 ? 'M' : 'L')}{F(left + (p.k * w) + (w / 2))},{F(Y(p.s.BuyerPriceAverage!.Value))}"));
            html.Append("<path d=\"").Append(path).Append("\" fill=\"none\" stroke=\"").Append(Price).Append("\" stroke-width=\"1.5\"/>");
        }

        for (var k = 0; k < slots.Count; k += Math.Max(1, slots.Count / 8)) Text(html, left + (k * w), top + height + 16,
            slots[k].Start[5..16].Replace('T', ' '));
        Close(html, "Buyers' all-in price per slot in WATT/kWh: the volume-weighted average of the slot's trades (line) and their range (band); dashed: " +
            "retail (grey) and feed-in (green) tariffs.");
        Legend(html, (Price, "average price paid"), ("#e1bee7", "range of the slot's trades"), (Grid, "retail tariff"), (Own, "feed-in tariff"));
    }

    private static void ZoneBars(StringBuilder html, SimulationResult result)
    {
        var zones = result.Kpis.Zones;
        const double left = 120, rowHeight = 24;
        var height = (zones.Count * rowHeight) + 30;
        var w = Width - left - 60;
        Open(html, "chart-zones", (int)height);
        for (var i = 0; i <= 4; i++)
        {
            var x = left + (w * i / 4);
            html.Append("<line x1=\"").Append(F(x)).Append("\" x2=\"").Append(F(x)).Append("\" y1=\"0\" y2=\"").Append(F(height - 20))
                .Append("\" stroke=\"#eee\"/>");
            Text(html, x, height - 6, (i * 25).ToString(Inv) + "%");
        }

        for (var i = 0; i < zones.Count; i++)
        {
            var z = zones[i];
            var y = (i * rowHeight) + 4;
            Text(html, left - 8, y + 14, $"{z.Name} ({z.Households})", "end");
            Rect(html, left, y, w * (z.SelfSufficiency ?? 0), rowHeight - 6, Own,
                $"{z.Name}: self-sufficiency {Pct(z.SelfSufficiency)}, self-consumption {Pct(z.SelfConsumption)}");
            Text(html, left + (w * (z.SelfSufficiency ?? 0)) + 6, y + 14, Pct(z.SelfSufficiency), "start");
        }

        Close(html, "Self-sufficiency of each zone: the share of its demand met by energy produced in the zone (behind the meter, or bought from a household " +
            "of the same zone).");
    }

    private static void HeatMap(StringBuilder html, SimulationResult result)
    {
        var r = result.Recorder;
        var slots = result.Scenario.Slots;
        var rows = new List<(string Label, Func<int, double> Utilisation)>();
        for (var p = 0; p < r.Links.Count; p++)
        {
            var link = r.Links[p];
            var index = p;
            rows.Add(($"{link.From}→{link.To}", k => link.ForwardCapacity > 0 ? Math.Max(0, r.LinkFlows[k][index]) / (double)link.ForwardCapacity : 0));
            rows.Add(($"{link.To}→{link.From}", k => link.BackwardCapacity > 0 ? Math.Max(0, -r.LinkFlows[k][index]) / (double)link.BackwardCapacity : 0));
        }

        const double left = 90, rowHeight = 16;
        var height = Math.Max(1, rows.Count) * rowHeight + 30;
        var w = (Width - left - 10) / (double)slots;
        Open(html, "chart-links", (int)height);
        if (rows.Count == 0) Text(html, Width / 2.0, 20, "the grid has a single zone: no links");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = i * rowHeight;
            Text(html, left - 6, y + 12, rows[i].Label, "end");
            for (var k = 0; k < slots; k++)
            {
                var u = Math.Clamp(rows[i].Utilisation(k), 0, 1);
                Rect(html, left + (k * w), y, w + 0.3, rowHeight - 1, Heat(u), u > 0 ? $"{rows[i].Label} {result.SlotStart(k)}: {Pct(u)}" : null);
            }
        }

        for (var k = 0; k < slots; k += Math.Max(1, slots / 8)) Text(html, left + (k * w), height - 8, result.SlotStart(k)[5..16].Replace('T', ' '), "start");
        Close(html, "Net flow the market allocated on each link direction per slot, as a share of its capacity (white: unused, dark red: full).");
    }

    private static string Heat(double u)
    {
        if (u <= 0) return "#f7f7f7";
        // From pale yellow through orange to dark red.
        var r = (int)(255 - (u * 100));
        var g = (int)(235 - (u * 215));
        var b = (int)(160 - (u * 150));
        return $"#{r:x2}{Math.Max(0, g):x2}{Math.Max(0, b):x2}";
    }

    private static void Savings(StringBuilder html, SimulationResult result)
    {
        var savings = result.Kpis.Households.Select(h => h.Savings / 1e6).ToArray();
        var lo = savings.Min();
        var hi = savings.Max();
        const int bins = 24;
        var width = Math.Max(1e-6, (hi - lo) / bins);
        var counts = new int[bins];
        foreach (var s in savings) counts[Math.Min(bins - 1, (int)((s - lo) / width))]++;
        const double left = 60, top = 10, height = 200;
        var w = (Width - left - 10) / bins;
        var max = Math.Max(1, counts.Max());
        Open(html, "chart-savings", 250);
        YAxis(html, left, top, height, 0, max, v => F(v, "#,0"));
        for (var i = 0; i < bins; i++)
        {
            var h = counts[i] / (double)max * height;
            var from = lo + (i * width);
            Rect(html, left + (i * w) + 1, top + height - h, w - 2, h, from + width <= 0 ? "#c62828" : Local,
                $"{F(from, "0.00")} to {F(from + width, "0.00")} WATT: {counts[i]} households");
        }

        for (var i = 0; i <= bins; i += 4) Text(html, left + (i * w), top + height + 16, F(lo + (i * width), "0.00"));
        Close(html, "How many households saved how much (WATT over the run) against the baseline of buying all imports from and selling all exports to the " +
            "utility; red: paid more.");
    }
}
