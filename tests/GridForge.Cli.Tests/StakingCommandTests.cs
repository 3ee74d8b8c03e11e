namespace GridForge.Cli.Tests;

/// <summary><c>gridforge staking …</c>: the election alone on a file (the exact JSON in and out), and the
/// staking transactions against a real dev node.</summary>
public class StakingCommandTests
{
    private static (int Code, string Out, string Err) ElectJson(string json, params string[] extra)
    {
        var dir = CliRunner.TempDir();
        try
        {
            var file = Path.Combine(dir, "election.json");
            File.WriteAllText(file, json);
            return CliRunner.Run(["staking", "elect", "--input", file, .. extra]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private const string Poc = """
        {"to_elect":2,"candidates":[1,2,3],"voters":[
          {"id":10,"stake":10,"targets":[1,2]},{"id":20,"stake":20,"targets":[1,3]},{"id":30,"stake":30,"targets":[2,3]}]}
        """;

    [Fact]
    public void Elect_ThePublishedPoc_PrintsThreeWith35ThenTwoWith25()
    {
        var (code, stdout, stderr) = ElectJson(Poc);

        Assert.True(code == 0, stderr);
        Assert.Equal("{\"winners\":[{\"id\":3,\"backing\":35},{\"id\":2,\"backing\":25}]}", stdout.Trim());
    }

    [Fact]
    public void Elect_WithFourBalancingIterations_EndsWithBothAt30()
    {
        var (code, stdout, stderr) = ElectJson(Poc, "--balance-iterations", "4");

        Assert.True(code == 0, stderr);
        Assert.Equal("{\"winners\":[{\"id\":3,\"backing\":30},{\"id\":2,\"backing\":30}]}", stdout.Trim());
    }

    [Fact]
    public void Elect_DuplicateTargetsCountOnce_AndAnUnbackedCandidateFillsALeftoverSeat()
    {
        var (code, stdout, stderr) = ElectJson("""
            {"to_elect":3,"candidates":[10,20,30],"voters":[{"id":1,"stake":10,"targets":[10,10,10]},{"id":2,"stake":10,"targets":[20]}]}
            """);

        Assert.True(code == 0, stderr);
        Assert.Equal("{\"winners\":[{\"id\":10,\"backing\":10},{\"id\":20,\"backing\":10},{\"id\":30,\"backing\":0}]}", stdout.Trim());
    }

    [Fact]
    public void Elect_BackingsBeyondSixtyFourBits_ArePrintedExactly()
    {
        var (code, stdout, stderr) = ElectJson("""
            {"to_elect":1,"candidates":[7],"voters":[{"id":1,"stake":18446744073709551615,"targets":[7]},{"id":2,"stake":18446744073709551615,"targets":[7]}]}
            """);

        Assert.True(code == 0, stderr);
        Assert.Equal("{\"winners\":[{\"id\":7,\"backing\":36893488147419103230}]}", stdout.Trim());
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"candidates\":[],\"voters\":[]}", "to_elect")]
    [InlineData("{\"to_elect\":1,\"candidates\":[1.5],\"voters\":[]}", "candidates[0] must be an integer id")]
    [InlineData("{\"to_elect\":1,\"candidates\":[1],\"voters\":[{\"id\":1,\"stake\":-1,\"targets\":[1]}]}", "voters[0].stake")]
    [InlineData("{\"to_elect\":-1,\"candidates\":[1],\"voters\":[]}", "to_elect must be a non-negative integer")]
    public void Elect_OnBadInput_ExitsTwoWithAClearError(string json, string expected)
    {
        var (code, stdout, stderr) = ElectJson(json);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains(expected, stderr);
    }
}
