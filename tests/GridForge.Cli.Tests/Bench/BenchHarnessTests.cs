using GridForge.Cli.Bench;
using GridForge.Core.Primitives;

namespace GridForge.Cli.Tests.Bench;

/// <summary>The bench harness's own logic: nearest-rank percentiles, the machine limit and its ratio, the report's rows and its
/// RESULT line (invariant digits, one word per field, read back as another process printed it).</summary>
public class BenchHarnessTests
{
    [Fact]
    public void Percentile_IsTheNearestRank_WhateverTheOrderOfAdding()
    {
        var recorder = new LatencyRecorder();
        foreach (var ms in Enumerable.Range(1, 100).Reverse()) recorder.Add(ms);
        Assert.Equal(100, recorder.Count);
        Assert.Equal(50, recorder.Percentile(0.50));
        Assert.Equal(99, recorder.Percentile(0.99));
        Assert.Equal(100, recorder.Percentile(1.0));
        Assert.Equal(1, recorder.Percentile(0.0));
        recorder.Add(0.5);
        Assert.Equal(0.5, recorder.Percentile(0.0));
    }

    [Fact]
    public void Percentile_OfOneOrNone_IsThatOneOrNaN()
    {
        var recorder = new LatencyRecorder();
        Assert.True(double.IsNaN(recorder.Percentile(0.5)));
        recorder.AddTicks(0, System.Diagnostics.Stopwatch.Frequency / 4);
        Assert.Equal(250, recorder.Percentile(0.5), 6);
        Assert.Equal(250, recorder.Percentile(0.99), 6);
    }

    [Fact]
    public void MachineLimit_DividesTheVerificationRateByTheNodes_AndAveragesBeforeAndAfter()
    {
        var four = MachineLimit.Known(40_000, nodes: 4);
        Assert.Equal(10_000, four.Limit);
        Assert.Equal(0.5, four.Ratio(5_000));
        Assert.Equal("40,000", four.VerifyValue);

        var twice = MachineLimit.Known(10_000, after: 12_000);
        Assert.Equal(11_000, twice.VerifyRate);
        Assert.Equal(1.0, twice.Ratio(11_000));
        Assert.Equal("11,000 (before 10,000, after 12,000)", twice.VerifyValue);
        Assert.Equal("n/a, n/a", twice.LoadRow);
        Assert.Equal("n/a,n/a", twice.LoadField);
    }

    [Fact]
    public void MeasureVerifyRate_VerifiesTheSample_AndRefusesABadSignature()
    {
        using var key = BenchTransactions.AccountKey(0);
        var good = Enumerable.Range(0, 8).Select(n => BenchTransactions.Transfer(key, "bench-test", (ulong)n, key.Address)).ToArray();
        Assert.True(MachineLimit.MeasureVerifyRate(good, TimeSpan.FromMilliseconds(50)) > 0);

        var bad = Runtime.Transactions.Transaction.Unsigned("bench-test", key.Address, 0, 100, 1_000_000,
            new Runtime.Modules.Tokens.TransferMessage(key.Address, Core.Primitives.Token.Watt, new Amount(1_000)));
        Assert.Throws<AggregateException>(() => MachineLimit.MeasureVerifyRate([bad], TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void ResultLine_UsesInvariantDigits_InTheOrderGiven()
    {
        var report = new BenchReport().Result("tps", 1234.56, "F0").Result("ratio", 0.5, "F3").Result("trades", 7L).Result("load", "0.52,0.61");
        Assert.Equal("RESULT tps=1235 ratio=0.500 trades=7 load=0.52,0.61", report.ResultLine);
    }

    [Fact]
    public void Result_IsOneWordAField()
    {
        Assert.Throws<ArgumentException>(() => new BenchReport().Result("two words", "1"));
        Assert.Throws<ArgumentException>(() => new BenchReport().Result("a=b", "1"));
        Assert.Throws<ArgumentException>(() => new BenchReport().Result("load", "1, 2"));
    }

    [Fact]
    public void ParseResult_ReadsTheFieldsAnotherProcessPrinted_InItsOrder()
    {
        var fields = BenchReport.ParseResult("created in 1.0 s\nRESULT entries=12 restart_s=0.35 rss_mib=80 heap_mib=9\r\n");
        Assert.Equal([("entries", "12"), ("restart_s", "0.35"), ("rss_mib", "80"), ("heap_mib", "9")], fields);
        Assert.Throws<CliException>(() => BenchReport.ParseResult("nothing here"));
    }

    [Fact]
    public void Headline_IsBold_WithItsNoteAfterTheValue()
    {
        var report = new BenchReport().Row("blocks", "3").Headline("committed tx/s", "4,000", "(target ≥ 5,000)").Headline("ratio", "0.50");
        Assert.Equal(["blocks", "3"], report.Rows[0]);
        Assert.Equal(["[bold]committed tx/s[/]", "[bold]4,000[/]   (target ≥ 5,000)"], report.Rows[1]);
        Assert.Equal(["[bold]ratio[/]", "[bold]0.50[/]"], report.Rows[2]);
        Assert.Equal(0, report.ExitCode);
    }
}
