using System.Diagnostics;
using GridForge.Cli.Commands;
using GridForge.Cli.Simulation;

namespace GridForge.Cli.Bench;

/// <summary><c>gridforge bench simulate</c>: a generated community of 10,000 households × 96 slots through the runtime (issue 20's
/// target: ≤ 60 s on this 2-core machine), printing the time, the transactions per second through the runtime and the load.</summary>
internal sealed class SimulateLoad(int households, int days, long seed, string? output) : IBenchLoad
{
    public const double TargetSeconds = 60;

    public Task<BenchReport> RunAsync(CancellationToken ct)
    {
        var loadBefore = MachineLimit.LoadAverage();
        var scenario = SimulateCommand.Resolve(null, households, days, seed, null);
        var window = ProcessWindow.Start(allocations: true);
        var clock = Stopwatch.StartNew();
        var result = SimulationRunner.Run(scenario);
        var runSeconds = clock.Elapsed.TotalSeconds;
        var cpu = window.CpuSeconds;
        var gc = window.GcPauseSeconds;
        var allocated = window.AllocatedBytes;
        double? writeSeconds = null;
        if (output is not null)
        {
            var w = Stopwatch.StartNew();
            SimulationOutputs.Write(result, output);
            writeSeconds = w.Elapsed.TotalSeconds;
        }

        var f = result.Figures;
        var total = runSeconds + (writeSeconds ?? 0);
        var held = result.Kpis.Checks.All(c => c.Held);
        var collections = $"{window.Collections(0)}/{window.Collections(1)}/{window.Collections(2)}";
        var report = new BenchReport { ExitCode = held ? 0 : 1 }
            .Row("households × slots", $"{f.Households:N0} × {f.Slots:N0}")
            .Row("blocks / transactions / readings", $"{f.Blocks:N0} / {f.Transactions:N0} / {f.Readings:N0}")
            .Row("trades settled", $"{result.Recorder.Trades.Count:N0}")
            .Row("profiles (parallel)", $"{f.PlanSeconds:F2} s")
            .Row("chain (one thread)", $"{f.ChainSeconds:F2} s");
        if (f.ChainCpuSeconds is { } onCpu) report.Row("chain thread on a CPU / waiting for one", $"{onCpu:F2} s / {f.ChainWaitSeconds:F2} s (others' load)");
        report.Headline("transactions/s through the runtime", $"{f.Transactions / f.ChainSeconds:N0}")
            .Row("household-slots/s", $"{(double)f.Households * f.Slots / f.ChainSeconds:N0}")
            .Row("run (profiles, chain, KPIs)", $"{runSeconds:F2} s");
        if (writeSeconds is { } ws) report.Row("outputs written", $"{ws:F2} s");
        return Task.FromResult(report
            .Headline($"total (target ≤ {TargetSeconds:N0} s for 10,000 × 96)", $"{total:F2} s")
            .Row("CPU", $"{cpu:F1} core-s; GC pauses {gc:F2} s in {window.Collections(0):N0} / {window.Collections(1):N0} / {window.Collections(2):N0} " +
                $"collections (gen 0 / 1 / 2); heap {GC.GetTotalMemory(false) / 1048576:N0} MiB")
            .Row("allocated (chain thread / whole run)", $"{f.ChainAllocatedBytes / 1073741824.0:F1} GiB / {allocated / 1073741824.0:F1} GiB")
            .Row("load average before, after", $"{loadBefore}, {MachineLimit.LoadAverage()}")
            .Row("checks", held ? "all held" : "[red]a check failed[/]")
            .Result("households", f.Households).Result("slots", f.Slots).Result("seconds", total, "F2").Result("chain_s", f.ChainSeconds, "F2")
            .Result("tx_per_s", f.Transactions / f.ChainSeconds, "F0").Result("cpu_s", cpu, "F1")
            .Result("chain_thread_cpu_s", FormattableString.Invariant($"{f.ChainCpuSeconds:F2}"))
            .Result("chain_thread_wait_s", FormattableString.Invariant($"{f.ChainWaitSeconds:F2}"))
            .Result("gc_pause_s", gc, "F2").Result("gc_counts", collections).Result("chain_alloc_mib", f.ChainAllocatedBytes / 1048576)
            .Result("alloc_mib", allocated / 1048576).Result("load", loadBefore));
    }
}
