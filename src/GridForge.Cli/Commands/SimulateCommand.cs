using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GridForge.Cli.Simulation;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge simulate --scenario FILE | --households N [--days D] [--seed S] --out DIR</c>: a community through the
/// runtime's own market, contracts and settlement, with gsy-e's KPIs, CSVs and an HTML report (docs/simulate.md).</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = "Scenario file (JSON; docs/simulate.md, docs/simulate.schema.json)" };
        var households = new Option<int?>("--households") { Description = "Generate a community of N households instead (like the dev community's)" };
        var days = new Option<int>("--days") { Description = "Days to simulate a generated community", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Seed of a generated community (profiles, sizes, forecast errors)", DefaultValueFactory =
            _ => 1 };
        var start = new Option<string?>("--start") { Description =
            $"Start of a generated community, ISO-8601 UTC on a 15-minute boundary (default {CommunityGenerator.DefaultStart})" };
        var output = new Option<string>("--out") { Description = "Directory for kpis.json, households.csv, trades.csv, report.html, scenario.json", Required =
            true };
        var command = new Command("simulate", "Run a community through the real market, contracts and settlement in process; write gsy-e's KPIs, CSVs and an " +
            "HTML report")
            { scenario, households, days, seed, start, output };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var s = Resolve(parse.GetValue(scenario), parse.GetValue(households), parse.GetValue(days), parse.GetValue(seed), parse.GetValue(start));
            var clock = Stopwatch.StartNew();
            var result = RunWithProgress(s);
            var dir = parse.GetValue(output)!;
            SimulationOutputs.Write(result, dir);
            Print(result, dir, clock.Elapsed.TotalSeconds);
            return result.Kpis.Checks.All(c => c.Held) ? 0 : 1;
        }));
        return command;
    }

    public static Scenario Resolve(string? file, int? households, int days, long seed, string? start)
    {
        if ((file is null) == (households is null)) throw new CliException("give either --scenario FILE or --households N");
        if (file is not null) return ScenarioLoader.Load(file);
        // The generated scenario goes through the same checks as a file.
        return ScenarioLoader.Parse(System.Text.Json.JsonSerializer
            .Serialize(CommunityGenerator.Generate(households!.Value, days, seed, start), Scenario.JsonOptions));
    }

    /// <summary>Runs with a progress bar on a terminal, plainly otherwise.</summary>
    public static SimulationResult RunWithProgress(Scenario s)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return SimulationRunner.Run(s);
        SimulationResult? result = null;
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{s.Households.Count:N0} households × {s.Slots:N0} slots", maxValue: s.Slots);
                result = SimulationRunner.Run(s, (done, _) => task.Value = done);
            });
        return result!;
    }

    private static string Pct(double? v) => v is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Watt(long micro) => (micro / 1_000_000m).ToString("#,0.00", CultureInfo.InvariantCulture);

    private static void Print(SimulationResult result, string dir, double seconds)
    {
        var c = result.Kpis.Community;
        var f = result.Figures;
        var table = new Table { Title = new TableTitle(Markup.Escape(result.Scenario.Name ?? "simulation")) }.AddColumns("KPI", "value");
        table.AddRow("households × slots", $"{f.Households:N0} × {f.Slots:N0}");
        table.AddRow("self-sufficiency / self-consumption", $"{Pct(c.SelfSufficiency)} / {Pct(c.SelfConsumption)}");
        table.AddRow("traded locally (delivered)", $"{c.BoughtWh / 1000m:#,0.0} kWh in {result.Recorder.Trades.Count:N0} trades");
        table.AddRow("from / to the utility", $"{c.UtilityImportWh / 1000m:#,0.0} / {c.UtilityExportWh / 1000m:#,0.0} kWh");
        table.AddRow("bill / baseline / savings", $"{Watt(c.Bill)} / {Watt(c.BaselineBill)} / {Watt(c.Savings)} WATT");
        table.AddRow("DSO grid fees / penalties", $"{Watt(c.DsoFeeRevenue)} / {Watt(c.Penalties)} WATT");
        table.AddRow("transactions through the runtime",
            $"{f.Transactions:N0} in {f.Blocks:N0} blocks ({f.Transactions / Math.Max(1e-9, f.ChainSeconds):N0}/s)");
        table.AddRow("time", $"{seconds:F1} s (profiles {f.PlanSeconds:F1} s, chain {f.ChainSeconds:F1} s)");
        AnsiConsole.Write(table);
        foreach (var check in result.Kpis.Checks.Where(x => !x.Held)) AnsiConsole.MarkupLine(
            $"[red]check failed:[/] {Markup.Escape(check.Name)}: {Markup.Escape(check.Detail)}");
        AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(Path.GetFullPath(dir))}: kpis.json, households.csv, trades.csv, report.html, scenario.json[/]");
    }
}
