using GridForge.Matching.Benchmarks;
using GridForge.Matching.Benchmarks.LoadGen;
using GridForge.Matching.Benchmarks.Streams;

return args switch
{
    ["loadgen", .. var rest] => LoadGenerator.Run(rest),
    ["describe"] => StreamDescription.Run(MatchingBenchmarks.CommandsPerInvocation),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(LoadGenerator).Assembly).Run(args);
    return 0;
}
