using System.CommandLine;
using System.Diagnostics;
using GridForge.Cli.Simulation;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge bench simulate</c>: a generated community of 10,000 households × 96 slots through the runtime (issue 20's
/// target: ≤ 60 s on this 2-core machine), printing the time, the transactions per second through the runtime and the load.</summary>
internal static class SimulateBenchCommand
{
    public const double TargetSeconds = 60;

    public static Command Create()
    {
        var households = new Option<int>("--households") { Description = "Households in the generated community", DefaultValueFactory = _ => 10_000 };
        var days = new Option<int>("--days") { Description = "Days (96 slots each)", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Seed of the generated community", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Also write the outputs here (timed separately)" };
        var command = new Command("simulate", "Time gridforge simulate on a generated community (default 10,000 households × 96 slots; target ≤ 60 s)")
            { households, days, seed, output };
        command.SetAction(parse => CliAction.Run(() => Run(parse.GetValue(households), parse.GetValue(days), parse.GetValue(seed), parse.GetValue(output))));
        return command;
    }

    private static int Run(int households, int days, long seed, string? output)
    {
        var loadBefore = BenchCommand.LoadAverage();
        var scenario = SimulateCommand.Resolve(null, households, days, seed, null);
        var gcBefore = GC.GetTotalPauseDuration();
        var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = SimulationRunner.Run(scenario);
        var runSeconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var gc = (GC.GetTotalPauseDuration() - gcBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double? writeSeconds = null;
        if (output is not null)
        {
            var w = Stopwatch.StartNew();
            SimulationOutputs.Write(result, output);
            writeSeconds = w.Elapsed.TotalSeconds;
        }

        var f = result.Figures;
        var total = runSeconds + (writeSeconds ?? 0);
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("households × slots", $"{f.Households:N0} × {f.Slots:N0}");
        table.AddRow("blocks / transactions / readings", $"{f.Blocks:N0} / {f.Transactions:N0} / {f.Readings:N0}");
        table.AddRow("trades settled", $"{result.Recorder.Trades.Count:N0}");
        table.AddRow("profiles (parallel)", $"{f.PlanSeconds:F2} s");
        table.AddRow("chain (one thread)", $"{f.ChainSeconds:F2} s");
        if (f.ChainCpuSeconds is { } onCpu) table.AddRow("chain thread on a CPU / waiting for one", $"{onCpu:F2} s / {f.ChainWaitSeconds:F2} s (others' load)");
        table.AddRow("[bold]transactions/s through the runtime[/]", $"[bold]{f.Transactions / f.ChainSeconds:N0}[/]");
        table.AddRow("household-slots/s", $"{(double)f.Households * f.Slots / f.ChainSeconds:N0}");
        table.AddRow("run (profiles, chain, KPIs)", $"{runSeconds:F2} s");
        if (writeSeconds is { } ws) table.AddRow("outputs written", $"{ws:F2} s");
        table.AddRow("[bold]total (target ≤ 60 s for 10,000 × 96)[/]", $"[bold]{total:F2} s[/]");
        table.AddRow("CPU", $"{cpu:F1} core-s; GC pauses {gc:F2} s in {GC.CollectionCount(0) - collections[0]:N0} / " +
            $"{GC.CollectionCount(1) - collections[1]:N0} / {GC.CollectionCount(2) - collections[2]:N0} collections (gen 0 / 1 / 2); heap " +
            $"{GC.GetTotalMemory(false) / 1048576:N0} MiB");
        table.AddRow("allocated (chain thread / whole run)", $"{f.ChainAllocatedBytes / 1073741824.0:F1} GiB / {allocated / 1073741824.0:F1} GiB");
        table.AddRow("load average before, after", $"{loadBefore}, {BenchCommand.LoadAverage()}");
        table.AddRow("checks", result.Kpis.Checks.All(c => c.Held) ? "all held" : "[red]a check failed[/]");
        AnsiConsole.Write(table);
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT households={f.Households} slots={f.Slots} seconds={total:F2} chain_s={f.ChainSeconds:F2} tx_per_s={f.Transactions / f.ChainSeconds:F0} ") +
            FormattableString.Invariant($"cpu_s={cpu:F1} chain_thread_cpu_s={f.ChainCpuSeconds:F2} chain_thread_wait_s={f.ChainWaitSeconds:F2} ") +
            FormattableString.Invariant($"gc_pause_s={gc:F2} ") +
            FormattableString.Invariant($"gc_counts={GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/") +
            FormattableString.Invariant($"{GC.CollectionCount(2) - collections[2]} chain_alloc_mib={f.ChainAllocatedBytes / 1048576} ") +
            FormattableString.Invariant($"alloc_mib={allocated / 1048576} load={loadBefore}"));
        return result.Kpis.Checks.All(c => c.Held) ? 0 : 1;
    }
}
