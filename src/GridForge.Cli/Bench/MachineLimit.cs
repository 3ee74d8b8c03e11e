using System.Diagnostics;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Bench;

/// <summary>What this machine can do, that a bench's rate is read against: the Ed25519 verifications per second on all its
/// cores (the ceiling of any node here: every transaction is verified once per node), measured on the bench's own signed
/// transactions, and the load average (others share the cores). Measured once before the run, and again after it when the
/// bench asks (<see cref="MeasureAfter"/>): the rate is then the average of the two.</summary>
internal sealed class MachineLimit
{
    /// <summary>Transactions of the sample the verification rate is measured on.</summary>
    public const int SampleSize = 20_000;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    public const string VerifyFigure = "Ed25519 verifications/s (all cores)";

    public const string LoadFigure = "load average (1 min) before, after";

    private readonly Transaction[] _sample;

    private MachineLimit(Transaction[] sample, int nodes, double before, string loadBefore)
    {
        _sample = sample;
        Nodes = nodes;
        Before = before;
        LoadBefore = loadBefore;
    }

    /// <summary>Measures the verification rate on (the first <see cref="SampleSize"/> of) <paramref name="transactions"/>, then
    /// reads the load average. <paramref name="nodes"/>: how many nodes on this machine verify every transaction.</summary>
    public static MachineLimit Measure(IEnumerable<Transaction> transactions, int nodes = 1)
    {
        var sample = transactions.Take(SampleSize).ToArray();
        var before = MeasureVerifyRate(sample, Window);
        return new MachineLimit(sample, nodes, before, LoadAverage());
    }

    /// <summary>For a limit known otherwise (tests): no sample, nothing measured again.</summary>
    public static MachineLimit Known(double verifyRate, int nodes = 1, double? after = null) =>
        new([], nodes, verifyRate, "n/a") { After = after, LoadAfter = after is null ? null : "n/a" };

    public int Nodes { get; }

    public double Before { get; }

    public double? After { get; private set; }

    public string LoadBefore { get; }

    public string? LoadAfter { get; private set; }

    /// <summary>Verifications per second: the measurement, or the average of before and after.</summary>
    public double VerifyRate => After is { } after ? (Before + after) / 2 : Before;

    /// <summary>The rate no bench of this setup can pass: the verification rate divided by the nodes.</summary>
    public double Limit => VerifyRate / Nodes;

    /// <summary>A rate as a share of the limit.</summary>
    public double Ratio(double rate) => rate / Limit;

    /// <summary>The value of the <see cref="VerifyFigure"/> row: the rate, and both measurements when there were two.</summary>
    public string VerifyValue => After is { } after ? $"{VerifyRate:N0} (before {Before:N0}, after {after:N0})" : $"{VerifyRate:N0}";

    /// <summary>The value of the <see cref="LoadFigure"/> row.</summary>
    public string LoadRow => $"{LoadBefore}, {LoadAfter}";

    /// <summary>The RESULT field <c>load=before,after</c>.</summary>
    public string LoadField => $"{LoadBefore},{LoadAfter}";

    /// <summary>Measures the verification rate again (once the bench's node has stopped), with the load average read now or, given,
    /// when the run ended.</summary>
    public void MeasureAfter(string? loadAfter = null)
    {
        LoadAfter = loadAfter ?? LoadAverage();
        After = MeasureVerifyRate(_sample, Window);
    }

    /// <summary>Signatures per second this machine verifies on all its cores.</summary>
    public static double MeasureVerifyRate(IReadOnlyList<Transaction> sample, TimeSpan duration)
    {
        var sw = Stopwatch.StartNew();
        long verified = 0;
        while (sw.Elapsed < duration)
        {
            Parallel.For(0, sample.Count, i =>
            {
                if (!sample[i].VerifySignature()) throw new InvalidOperationException("a bench signature does not verify");
            });
            verified += sample.Count;
        }

        return verified / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The 1-minute load average (Linux), to read a figure taken on a machine others share.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
