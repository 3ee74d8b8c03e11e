namespace GridForge.Cli.Tests;

public class ConsensusCommandTests
{
    [Fact]
    public void Simulate_PrintsItsFigures_AndZeroViolations_ExitingZero()
    {
        var (code, stdout, _) = CliRunner.Run("consensus", "simulate", "--validators", "4", "--byzantine", "1", "--seeds", "6", "--seed-start", "40");
        Assert.Equal(0, code);
        Assert.Contains("seeds 40–45: 4 validators, 1 Byzantine", stdout);
        Assert.Contains("rounds per height: p50", stdout);
        Assert.EndsWith("0 violations", stdout.TrimEnd());
    }

    [Fact]
    public void Simulate_ABrokenVariant_PrintsTheFailingSeedAndItsReplay_AndExitsOne()
    {
        var (code, stdout, _) = CliRunner.Run("consensus", "simulate", "--validators", "4", "--byzantine", "1", "--seeds", "3", "--seed-start", "5", "--mutant",
            "no-evidence-in-blocks");
        Assert.Equal(1, code);
        Assert.Contains("FAILED seed 6: evidence violated", stdout);
        Assert.Contains("replay: gridforge consensus simulate --validators 4 --byzantine 1 --mutant no-evidence-in-blocks --seeds 1 --seed-start 6 --trace",
            stdout);
        Assert.Matches(@"\n[1-9]\d* violations\s*$", stdout);
    }

    [Fact]
    public void Simulate_TheReplayOfASeed_IsItsExactTrace()
    {
        static List<string> Steps(string output) => [.. output.Split('\n').Where(l => l.StartsWith('['))];
        var first = Steps(CliRunner.Ok("consensus", "simulate", "--seeds", "1", "--seed-start", "7", "--trace"));
        var second = Steps(CliRunner.Ok("consensus", "simulate", "--seeds", "1", "--seed-start", "7", "--trace"));
        Assert.True(first.Count > 100);
        Assert.Equal(first, second);
        Assert.Contains(first, l => l.Contains("decides h12", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--byzantine", "4")]
    [InlineData("--validators", "0")]
    [InlineData("--loss", "101")]
    [InlineData("--mutant", "nonsense")]
    public void Simulate_RefusesImpossibleSettings_WithExitTwo(string option, string value)
    {
        var (code, _, stderr) = CliRunner.Run("consensus", "simulate", "--seeds", "1", option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr);
    }
}
