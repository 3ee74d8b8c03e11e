using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Staking;

namespace GridForge.Cli.Tests;

/// <summary><c>gridforge staking …</c>: the election alone on a file (the issue's exact JSON in and out), and the
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

    [Theory]
    [InlineData("--type", "sideways", "--type must be prevote or precommit")]
    [InlineData("--first", "nothex:00", "--first must be BLOCKHASH:SIGNATURE or nil:SIGNATURE")]
    [InlineData("--round", "-1", "--round must not be negative")]
    public void ReportEquivocation_RefusesWhatIsNotTwoVotes_WithExitTwo_BeforeReachingANode(string option, string value, string error)
    {
        var signature = new string('0', 128);
        var options = new Dictionary<string, string>
        {
            ["--from"] = "alice", ["--validator"] = "validator", ["--height"] = "3", ["--node"] = "http://127.0.0.1:9",
            ["--first"] = $"nil:{signature}", ["--second"] = $"{new string('a', 64)}:{signature}",
        };
        options[option] = value;
        var (code, _, stderr) = CliRunner.Run(["staking", "report-equivocation", .. options.SelectMany(o => new[] { o.Key, o.Value })]);
        Assert.Equal(2, code);
        Assert.Contains(error, stderr, StringComparison.Ordinal);
    }

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

    /// <summary>A dev chain with fast blocks, short eras and short governance periods, created in <paramref name="data"/>
    /// so that <c>node --dev</c> opens it.</summary>
    private static void CreateFastDevChain(string data)
    {
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        genesis.Params["auth"] = new(StringComparer.Ordinal) { ["block_interval_ms"] = 200 };
        genesis.Params[StakingModule.ModuleName]["era_blocks"] = 20;
        genesis.Params[GovernanceModule.ModuleName] = new(StringComparer.Ordinal) { ["voting_period_blocks"] = 40, ["enactment_delay_blocks"] = 5 };
        using var key = DevAccounts.Key("validator");
        ChainNode.Open(data, genesis, key).Dispose();
    }

    private static (int Code, string Out, string Err) Cli(NodeProcess node, params string[] args) => CliRunner.Run([.. args, "--node", node.Url]);

    [Fact]
    public async Task StakingAndGovernance_FromTheCommandLine_BondNominateProposeVoteAndWatchTheChangeEnacted()
    {
        var data = CliRunner.TempDir();
        CreateFastDevChain(data);
        using (var node = await NodeProcess.StartAsync(data))
        {
            var validator = Cli(node, "staking", "account", "validator");
            Assert.True(validator.Code == 0, validator.Err);
            Assert.Contains("validator; active 900000 GRID", validator.Out);

            Assert.Equal(0, Cli(node, "staking", "bond", "--from", "alice", "--amount", "1000").Code);
            var nominate = Cli(node, "staking", "nominate", "--from", "alice", "validator");
            Assert.True(nominate.Code == 0, nominate.Err);
            var alice = Cli(node, "staking", "account", "alice");
            Assert.Contains("nominator; active 1000 GRID", alice.Out);
            Assert.Contains($"nominates {DevAccounts.AddressOf("validator")}", alice.Out);
            Assert.Contains("backing 901000 GRID (own 900000, 1 nominators) commission 5%", Cli(node, "staking", "validators", "--next").Out);

            var unbond = Cli(node, "staking", "unbond", "--from", "bob", "--amount", "1");
            Assert.Equal(1, unbond.Code);
            Assert.Contains("not_bonded", unbond.Err);
            Assert.Equal(2, Cli(node, "staking", "validate", "--from", "bob", "--commission", "120").Code);

            var outOfBounds = Cli(node, "governance", "propose", "--from", "alice", "--param", "tokens.min_fee=-1");
            Assert.Equal(1, outOfBounds.Code);
            Assert.Contains("parameter_out_of_bounds", outOfBounds.Err);
            var propose = Cli(node, "governance", "propose", "--from", "alice", "--param", "tokens.min_fee=150", "--description",
                "a slightly higher fee floor");
            Assert.True(propose.Code == 0, propose.Err);
            var vote = Cli(node, "governance", "vote", "1", "yes", "--from", "validator");
            Assert.True(vote.Code == 0, vote.Err);
            var show = Cli(node, "governance", "show", "1");
            Assert.Contains("#1 voting: tokens.min_fee = 150 — a slightly higher fee floor", show.Out);
            Assert.Contains("live tally: yes 900000, no 0, abstain 0", show.Out);

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                using var json = JsonDocument.Parse(Cli(node, "governance", "show", "1", "--json").Out);
                if (json.RootElement.GetProperty("status").GetString() == "enacted") break;
                Assert.True(DateTime.UtcNow < deadline, "the proposal was not enacted in time");
                await Task.Delay(500);
            }

            Assert.Contains("tokens.min_fee = 150 (default 100, 0..1000000000)", Cli(node, "governance", "params", "--module", "tokens").Out);
        }

        Directory.Delete(data, true);
    }
}
