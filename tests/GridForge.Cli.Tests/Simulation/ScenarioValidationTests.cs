using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GridForge.Cli.Simulation;

namespace GridForge.Cli.Tests.Simulation;

/// <summary>A bad scenario gets a clear error naming the JSON path of what is wrong, and the schema file says what the loader checks.</summary>
public sealed class ScenarioValidationTests
{
    private const string Valid = """
        { "start": "2026-06-15T12:00:00Z", "slots": 2, "tariffs": { "retail": 300000, "feed_in": 100000 },
          "grid": { "zones": ["Z1", "Z2"], "links": [ { "from": "Z1", "to": "Z2", "fee": 1000, "capacity": 100 } ] },
          "households": [ { "name": "a", "zone": "Z1", "production_wh": [1, 2], "consumption_wh": [3, 4] },
                          { "name": "b", "zone": "Z2", "annual_load_kwh": 3000, "pv_peak_w": 4000 } ] }
        """;

    private static string Error(string json) => Assert.Throws<CliException>(() => ScenarioLoader.Parse(json)).Message;

    [Fact]
    public void AValidScenario_Loads() => Assert.Equal(2, ScenarioLoader.Parse(Valid).Households.Count);

    [Theory]
    [InlineData("\"zone\": \"Z1\", \"production_wh\"", "\"zone\": \"Z9\", \"production_wh\"", "$.households[0].zone: the grid has no zone 'Z9'")]
    [InlineData("[1, 2]", "[1, 2, 3]", "$.households[0].production_wh: 3 values for 2 slots")]
    [InlineData("[3, 4]", "[3, -4]", "$.households[0].consumption_wh[1]: -4 is out of range")]
    [InlineData("\"name\": \"b\"", "\"name\": \"a\"", "$.households[1].name: household 'a' is listed twice")]
    [InlineData("12:00:00Z", "12:05:00Z", "$.start: '2026-06-15T12:05:00Z' is not the start of a 15-minute slot")]
    [InlineData("\"feed_in\": 100000", "\"feed_in\": 400000", "$.tariffs.feed_in: the feed-in tariff 400000 is above the retail tariff 300000")]
    [InlineData("\"to\": \"Z2\"", "\"to\": \"Z1\"", "$.grid.links[0]: a link joins two different zones")]
    [InlineData("\"annual_load_kwh\": 3000, ", "", "$.households[1].annual_load_kwh: a household with generated profiles states its annual load")]
    [InlineData("\"pv_peak_w\": 4000", "\"pv_peak_w\": 4000, \"consumption_wh\": [1, 1]", "$.households[1]: a household has either explicit series")]
    [InlineData("\"slots\": 2", "\"slots\": 0", "$.slots: 0 is out of range")]
    [InlineData("\"pv_peak_w\": 4000", "\"pv_peak_w\": 60000000, \"wind_rated_w\": 60000000", "$.households[1].pv_peak_w: 120000000 is out of range")]
    public void ABadField_IsRefused_WithItsPath(string replace, string with, string expected)
    {
        Assert.Contains(replace, Valid);
        Assert.StartsWith("scenario " + expected, Error(Valid.Replace(replace, with)));
    }

    [Fact]
    public void AnUnknownOrMistypedProperty_IsRefused_WithItsPath()
    {
        Assert.Contains("$.households[1].pv_peak", Error(Valid.Replace("\"pv_peak_w\"", "\"pv_peak\"")));
        Assert.Contains("$.slots", Error(Valid.Replace("\"slots\": 2", "\"slots\": \"two\"")));
        Assert.Contains("$.tariff:", Error(Valid.Replace("\"tariffs\"", "\"tariff\"")));
    }

    [Fact]
    public void TheCommand_RefusesABadScenario_WithExitCode2AndThePath()
    {
        var dir = CliRunner.TempDir();
        try
        {
            var file = Path.Combine(dir, "bad.json");
            File.WriteAllText(file, Valid.Replace("\"zone\": \"Z1\", \"production_wh\"", "\"zone\": \"Z9\", \"production_wh\""));
            var (code, _, stderr) = CliRunner.Run("simulate", "--scenario", file, "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, code);
            Assert.Contains("$.households[0].zone", stderr);
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Docs => Repository.PathOf("docs");

    [Fact]
    public void TheSchema_NamesEveryPropertyTheLoaderReads_AndTheDocumentedExampleLoads()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Docs, "simulate.schema.json")))!;
        var named = new HashSet<string>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                if (o["properties"] is JsonObject props) foreach (var p in props) named.Add(p.Key);
                foreach (var p in o) Walk(p.Value);
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a) Walk(item);
            }
        }

        Walk(schema);
        var types = new[] { typeof(Scenario), typeof(ScenarioTariffs), typeof(GridForge.Runtime.Modules.Grid.GridGenesis), typeof(
            GridForge.Runtime.Modules.Grid.GridGenesisLink), typeof(ScenarioMarket), typeof(ScenarioForecast),
            typeof(ScenarioHousehold), typeof(ScenarioBattery), typeof(ScenarioContract), typeof(ScenarioPpa) };
        foreach (var p in types.SelectMany(t => t.GetProperties()).Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>())
            .OfType<JsonPropertyNameAttribute>())
        {
            Assert.Contains(p.Name, named);
        }

        var example = ScenarioLoader.Load(Path.Combine(Docs, "simulate-example.json"));
        Assert.True(example.Households.Count >= 4);
        Assert.NotNull(JsonSerializer.Serialize(example, Scenario.JsonOptions));
    }
}
