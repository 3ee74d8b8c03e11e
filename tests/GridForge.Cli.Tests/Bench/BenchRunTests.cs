namespace GridForge.Cli.Tests.Bench;

/// <summary>Each bench load that runs in one process, at a size that takes seconds (the lead measures the real sizes on a quiet
/// machine): it exits 0 and prints its table's headline and its RESULT fields, which the README and scripts read.</summary>
public class BenchRunTests
{
    private static string[] Fields(string stdout) =>
        [.. stdout.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Trim().Split(' ').Skip(1).Select(f => f.Split('=')[0])];

    [Fact]
    public void Tps_SmallRun_CommitsEveryTransfer()
    {
        var stdout = CliRunner.Ok("bench", "tps", "--accounts", "4", "--per-account", "2", "--batch", "3");
        Assert.Contains("8 of 8 (0 refused at admission)", stdout, StringComparison.Ordinal);
        Assert.Contains("ratio (target ≥ 0.5)", stdout, StringComparison.Ordinal);
        Assert.Equal(["tps", "verify_rate", "ratio"], Fields(stdout));
    }

    [Fact]
    public void State_SmallRun_ReportsTheRestartedProcesssFigures()
    {
        var stdout = CliRunner.Ok("bench", "state", "--accounts", "50");
        Assert.Contains("resident memory of the restarted node", stdout, StringComparison.Ordinal);
        Assert.Equal(["accounts", "entries", "restart_s", "rss_mib", "heap_mib"], Fields(stdout));
        Assert.Contains("RESULT accounts=50 entries=", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Readings_SmallRun_AcceptsEveryReading()
    {
        var stdout = CliRunner.Ok("bench", "readings", "--meters", "6", "--slots", "2", "--per-tx", "4", "--batch", "2");
        Assert.Contains("12 of 12 (0 rejected)", stdout, StringComparison.Ordinal);
        Assert.Equal(["readings_per_s", "verify_rate", "ratio", "load"], Fields(stdout));
    }

    [Fact]
    public void Mqtt_SmallRun_AcceptsEveryReading()
    {
        var stdout = CliRunner.Ok("bench", "mqtt", "--meters", "4", "--slots", "2", "--connections", "2", "--in-flight", "3");
        Assert.Contains("8 of 8 (0 rejected)", stdout, StringComparison.Ordinal);
        Assert.Contains("publishes acknowledged by the broker", stdout, StringComparison.Ordinal);
        Assert.Equal(["mqtt_readings_per_s", "verify_rate", "ratio", "load"], Fields(stdout));
    }

    [Fact]
    public void Orders_SmallRun_PlacesEveryOrder()
    {
        var stdout = CliRunner.Ok("bench", "orders", "--traders", "4", "--per-trader", "3", "--slots", "1", "--batch", "5");
        Assert.Contains("12 of 12 (0 refused)", stdout, StringComparison.Ordinal);
        Assert.Equal(["orders_per_s", "engine_rate", "verify_rate", "engine_ratio", "verify_ratio", "trades", "load"], Fields(stdout));
    }

    [Fact]
    public void Simulate_SmallRun_HoldsItsChecks()
    {
        var stdout = CliRunner.Ok("bench", "simulate", "--households", "12");
        Assert.Contains("all held", stdout, StringComparison.Ordinal);
        Assert.Equal(["households", "slots", "seconds", "chain_s", "tx_per_s", "cpu_s", "chain_thread_cpu_s", "chain_thread_wait_s", "gc_pause_s",
            "gc_counts", "chain_alloc_mib", "alloc_mib", "load"], Fields(stdout));
    }

    [Fact]
    public void Network_SmallRun_CommitsEveryTransferOfEachPhase_AndMeasuresFinalityBelowSaturation()
    {
        // Two validator processes, a few seconds: warm-up, throughput phase, then the finality phase at 70% of what was committed.
        var stdout = CliRunner.Ok("bench", "network", "--validators", "2", "--accounts", "4", "--rate", "20", "--seconds", "2", "--warm-up", "1",
            "--latency-seconds", "2");
        Assert.Contains("warm-up: 20 transfers committed (untimed)", stdout, StringComparison.Ordinal);
        Assert.Contains("40 of 40 (0 refused at admission)", stdout, StringComparison.Ordinal);
        Assert.Contains("(70% of the committed rate)", stdout, StringComparison.Ordinal);
        Assert.Equal(["validators", "tps", "p50_ms", "p99_ms", "latency_rate", "latency_tps", "saturated_p50_ms", "verify_rate", "limit", "ratio",
            "node_cpu_us_per_tx", "load"], Fields(stdout));
    }

    [Fact]
    public void AWrongOption_IsAOneLineError()
    {
        var (code, _, stderr) = CliRunner.Run("bench", "network", "--validators", "2", "--accounts", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("error: validators ≥ 1, accounts ≥ validators", stderr, StringComparison.Ordinal);
    }
}
