using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using GridForge.Matching.Benchmarks.Streams;

namespace GridForge.Matching.Benchmarks;

/// <summary>
/// Throughput and allocation of the engine over whole streams: each invocation replays 500,000 commands on a book
/// rebuilt (untimed) to its starting depth, so the figures are per command in steady state.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortStreamConfig))]
public class MatchingBenchmarks
{
    public const int CommandsPerInvocation = 500_000;

    private BenchStream stream = null!;
    private MatchingEngine engine = null!;

    [Params(Scenario.OneZone, Scenario.EightZones, Scenario.DeepBook, Scenario.ExchangeMix)]
    public Scenario Scenario { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        stream = StreamFactory.Create(Scenario, CommandsPerInvocation);
        engine = stream.CreatePrefilled();
    }

    [IterationSetup]
    public void Rebuild() => stream.Rebuild(engine);

    [Benchmark(OperationsPerInvoke = CommandsPerInvocation)]
    public int Replay()
    {
        var accepted = 0;
        foreach (ref readonly var command in stream.Commands.AsSpan())
        {
            accepted += command.ApplyTo(engine) == RejectCode.None ? 1 : 0;
        }

        return accepted;
    }

    /// <summary>A short job for a shared 2-core machine: one invocation per iteration (a whole stream), few iterations.</summary>
    private sealed class ShortStreamConfig : ManualConfig
    {
        public ShortStreamConfig() =>
            AddJob(Job.Default
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("stream"));
    }
}
