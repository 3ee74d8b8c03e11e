using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using GridForge.Matching.Benchmarks.Streams;
using HdrHistogram;

namespace GridForge.Matching.Benchmarks.LoadGen;

/// <summary>
/// Open-loop load generator (exchange-core's method): command i is due at start + i / rate, its latency runs from that
/// planned time to its completion, so time spent queued behind a slow command is counted (no coordinated omission).
/// </summary>
public static class LoadGenerator
{
    public const string Usage = """
        loadgen [--scenario OneZone|EightZones|DeepBook|ExchangeMix|all] [--rate OPS_PER_SECOND] [--seconds S] [--repeat N] [--cpu N]
          Replays a pre-generated stream on one thread at the offered rate (default 1,000,000/s for 3 s, once),
          printing achieved throughput, latency percentiles from the planned send time, service-time percentiles
          (from the actual start of each command), and the closed-loop maximum throughput. Before each run the same
          schedule runs with the engine call left out ("no-op"): the latency floor of the machine at that moment.
        """;

    public static int Run(string[] args)
    {
        var scenarios = new List<Scenario>();
        long rate = 1_000_000;
        double seconds = 3;
        var repeat = 1;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--scenario" when value == "all":
                    scenarios.AddRange(Enum.GetValues<Scenario>());
                    i++;
                    break;
                case "--scenario" when Enum.TryParse<Scenario>(value, ignoreCase: true, out var s):
                    scenarios.Add(s);
                    i++;
                    break;
                case "--rate" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out rate) && rate > 0:
                    i++;
                    break;
                case "--repeat" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out repeat) && repeat > 0:
                    i++;
                    break;
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds > 0:
                    i++;
                    break;
                case "--cpu" when (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
                    && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cpu) && cpu >= 0:
                    Process.GetCurrentProcess().ProcessorAffinity = (nint)(1L << cpu);
                    i++;
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        if (scenarios.Count == 0)
        {
            scenarios.Add(Scenario.OneZone);
        }

        Console.WriteLine($"# open-loop, offered {rate:N0} ops/s for {seconds:0.##} s per scenario; latency from planned send time; .NET " +
            $"{Environment.Version}, {Environment.ProcessorCount} CPUs, load average {LoadAverage()}");
        Console.WriteLine("| scenario | offered ops/s | achieved ops/s | latency p50 µs | p99 µs | p99.9 µs | p99.99 µs | max µs | service p99 µs | service " +
            "p99.9 µs | run-queue wait ms | max throughput ops/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in scenarios)
        {
            var count = (int)Math.Min(int.MaxValue / 2, rate * seconds);
            var stream = StreamFactory.Create(scenario, count);
            for (var run = 0; run < repeat; run++)
            {
                var max = MaxThroughput(stream);
                var engine = stream.CreatePrefilled();

                // Nothing is allocated while timing; a blocking collection first keeps background GC work off the other core.
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                var noGc = GC.TryStartNoGCRegion(16 * 1024 * 1024);
                foreach (var noop in new[] { true, false })
                {
                    var waitedBefore = RunQueueWaitNanos();
                    var (achieved, latency, service) = OpenLoop(stream, engine, rate, noop);
                    var waited = (RunQueueWaitNanos() - waitedBefore) / 1e6;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {(noop ? "no-op" : scenario.ToString())} | {rate:N0} | {achieved:N0} | {Micros(latency, 50)} | {Micros(latency, 99)} | ") +
                        string.Create(CultureInfo.InvariantCulture,
                            $"{Micros(latency, 99.9)} | {Micros(latency, 99.99)} | {latency.GetMaxValue() / 1000.0:0.0} | {Micros(service, 99)} | ") +
                            string.Create(CultureInfo.InvariantCulture,
                                $"{Micros(service, 99.9)} | {(waited < 0 ? "n/a" : waited.ToString("0.0", CultureInfo.InvariantCulture))} | ") +
                                string.Create(CultureInfo.InvariantCulture, $"{(noop ? "" : max.ToString("N0", CultureInfo.InvariantCulture))} |"));
                }

                if (noGc && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
                {
                    GC.EndNoGCRegion();
                }
            }
        }

        return 0;
    }

    /// <summary>Closed loop, as fast as one thread goes; run twice so the JIT has settled, the better pass counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double MaxThroughput(BenchStream stream)
    {
        var engine = stream.CreatePrefilled();
        var best = 0.0;
        for (var pass = 0; pass < 2; pass++)
        {
            stream.Rebuild(engine);
            var start = Stopwatch.GetTimestamp();
            foreach (ref readonly var command in stream.Commands.AsSpan())
            {
                command.ApplyTo(engine);
            }

            best = Math.Max(best, stream.Commands.Length / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Achieved, LongHistogram Latency, LongHistogram Service) OpenLoop(
        BenchStream stream, MatchingEngine engine, long rate, bool noop)
    {
        var latency = new LongHistogram(highestTrackableValue: 60L * 1_000_000_000, numberOfSignificantValueDigits: 3);
        var service = new LongHistogram(highestTrackableValue: 60L * 1_000_000_000, numberOfSignificantValueDigits: 3);
        var commands = stream.Commands;
        var frequency = Stopwatch.Frequency;
        var toNanos = 1_000_000_000.0 / frequency;
        var start = Stopwatch.GetTimestamp();
        var end = start;
        for (var i = 0; i < commands.Length; i++)
        {
            var planned = start + (long)((double)i * frequency / rate);
            var now = Stopwatch.GetTimestamp();
            while (now < planned)
            {
                now = Stopwatch.GetTimestamp();
            }

            if (!noop)
            {
                commands[i].ApplyTo(engine);
            }

            end = Stopwatch.GetTimestamp();
            latency.RecordValue((long)((end - planned) * toNanos));
            service.RecordValue((long)((end - now) * toNanos));
        }

        return (commands.Length / ((end - start) / (double)frequency), latency, service);
    }

    /// <summary>Nanoseconds this thread has spent runnable but waiting for a CPU (Linux schedstat), or a negative value.</summary>
    private static long RunQueueWaitNanos()
    {
        const string path = "/proc/thread-self/schedstat";
        var fields = File.Exists(path) ? File.ReadAllText(path).Split(' ') : [];
        return fields.Length > 1 && long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var wait) ? wait : -1;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Micros(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);
}
