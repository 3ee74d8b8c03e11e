namespace GridForge.Cli.Tests.Bench;

/// <summary>Each bench load (network's with two validator processes), at a size that takes seconds (the lead measures the real sizes on a quiet
/// machine): it exits 0 and prints what its table promises and its RESULT fields, in order (the README and scripts read them).</summary>
public class BenchRunTests
{
    public static TheoryData<string[], string[], string[]> Runs => new()
    {
        {
            ["tps", "--accounts", "4", "--per-account", "2", "--batch", "3"],
            ["8 of 8 (0 refused at admission)", "ratio (target ≥ 0.5)"],
            ["tps", "verify_rate", "ratio"]
        },
        {
            ["state", "--accounts", "50"],
            ["resident memory of the restarted node", "RESULT accounts=50 entries="],
            ["accounts", "entries", "restart_s", "rss_mib", "heap_mib"]
        },
        {
            ["readings", "--meters", "6", "--slots", "2", "--per-tx", "4", "--batch", "2"],
            ["12 of 12 (0 rejected)", "time to last commit"],
            ["readings_per_s", "verify_rate", "ratio", "load"]
        },
        {
            ["mqtt", "--meters", "4", "--slots", "2", "--connections", "2", "--in-flight", "3"],
            ["8 of 8 (0 rejected)", "publishes acknowledged by the broker"],
            ["mqtt_readings_per_s", "verify_rate", "ratio", "load"]
        },
        {
            ["orders", "--traders", "4", "--per-trader", "3", "--slots", "1", "--batch", "5"],
            ["12 of 12 (0 refused)", "matching engine alone"],
            ["orders_per_s", "engine_rate", "verify_rate", "engine_ratio", "verify_ratio", "trades", "load"]
        },
        {
            ["simulate", "--households", "12"],
            ["all held", "transactions/s through the runtime"],
            ["households", "slots", "seconds", "chain_s", "tx_per_s", "cpu_s", "chain_thread_cpu_s", "chain_thread_wait_s", "gc_pause_s", "gc_counts",
                "chain_alloc_mib", "alloc_mib", "load"]
        },
        {
            // Two validator processes: warm-up, throughput phase, then the finality phase at 70% of what was committed.
            ["network", "--validators", "2", "--accounts", "4", "--rate", "20", "--seconds", "2", "--warm-up", "1", "--latency-seconds", "2"],
            ["warm-up: 20 transfers committed (untimed)", "40 of 40 (0 refused at admission)", "(70% of the committed rate)"],
            ["validators", "tps", "p50_ms", "p99_ms", "latency_rate", "latency_tps", "saturated_p50_ms", "verify_rate", "limit", "ratio",
                "node_cpu_us_per_tx", "load"]
        },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void ASmallRun_ExitsZero_AndPrintsItsFigures(string[] args, string[] shows, string[] fields)
    {
        var stdout = CliRunner.Ok(["bench", .. args]);
        foreach (var s in shows) Assert.Contains(s, stdout, StringComparison.Ordinal);
        var result = stdout.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Trim();
        Assert.Equal(fields, result.Split(' ').Skip(1).Select(f => f.Split('=')[0]));
    }

    [Fact]
    public void AWrongOption_IsAOneLineError()
    {
        var (code, _, stderr) = CliRunner.Run("bench", "network", "--validators", "2", "--accounts", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("error: validators ≥ 1, accounts ≥ validators", stderr, StringComparison.Ordinal);
    }
}
