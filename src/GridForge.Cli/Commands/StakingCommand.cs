using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GridForge.Runtime.Modules.Staking.Election;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge staking …</c>: run an election alone (<c>elect</c>), and bond, unbond, rebond, withdraw,
/// validate, nominate, chill, post platform-access bonds and report equivocations as signed transactions.</summary>
internal static class StakingCommand
{
    public static Command Create()
    {
        var staking = new Command("staking", "GRID staking: election preview, bonds, validators and nominations, rewards, slashing evidence");
        staking.Subcommands.Add(Elect());
        return staking;
    }

    private static Command Elect()
    {
        var input = new Option<string>("--input") { Description = "JSON file: {\"to_elect\":N,\"candidates\":[ID…],\"voters\":[{\"id\":ID,\"stake\":S,\"targets\":[ID…]}…]} (- for stdin)", Required = true };
        var iterations = new Option<int>("--balance-iterations") { Description = "Rounds of balancing after sequential Phragmén (default 0)", DefaultValueFactory = _ => 0 };
        var command = new Command("elect", "Run sequential Phragmén (as Polkadot's sp-npos-elections) on a file; prints {\"winners\":[{\"id\",\"backing\"}…]} in election order")
            { input, iterations };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var path = parse.GetValue(input)!;
            var balance = parse.GetValue(iterations);
            if (balance < 0) throw new CliException("--balance-iterations must be 0 or more");
            string json;
            try
            {
                json = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {path}: {e.Message}");
            }

            var (toElect, candidates, voters) = ParseElection(json);
            var result = SequentialPhragmen.Elect(toElect, candidates, voters, balance);
            Console.WriteLine(WriteWinners(result));
            return 0;
        }));
        return command;
    }

    /// <summary>Reads the election file; ids are any JSON integers (kept exactly), stakes are integers from 0 to 2^64 − 1.</summary>
    internal static (int ToElect, List<Int128> Candidates, List<ElectionVoter<Int128>> Voters) ParseElection(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CliException($"the input is not JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CliException("the input must be a JSON object");
            var toElectElement = Member(root, "to_elect", "the input");
            if (!TryInteger(toElectElement, out var toElect128) || toElect128 < 0 || toElect128 > int.MaxValue)
            {
                throw new CliException("to_elect must be a non-negative integer");
            }

            var candidates = Array(Member(root, "candidates", "the input"), "candidates").Select((c, i) => Id(c, $"candidates[{i}]")).ToList();
            var voters = new List<ElectionVoter<Int128>>();
            var index = 0;
            foreach (var v in Array(Member(root, "voters", "the input"), "voters"))
            {
                var where = $"voters[{index++}]";
                if (v.ValueKind != JsonValueKind.Object) throw new CliException($"{where} must be an object");
                var id = Id(Member(v, "id", where), $"{where}.id");
                if (!TryInteger(Member(v, "stake", where), out var stake) || stake < 0 || stake > ulong.MaxValue)
                {
                    throw new CliException($"{where}.stake must be an integer from 0 to {ulong.MaxValue}");
                }

                var targets = Array(Member(v, "targets", where), $"{where}.targets").Select((t, i) => Id(t, $"{where}.targets[{i}]")).ToList();
                voters.Add(new ElectionVoter<Int128>(id, (ulong)stake, targets));
            }

            return ((int)toElect128, candidates, voters);
        }
    }

    /// <summary>One line: <c>{"winners":[{"id":ID,"backing":B}…]}</c>, in the order elected.</summary>
    internal static string WriteWinners(ElectionResult<Int128> result)
    {
        var text = new StringBuilder("{\"winners\":[");
        for (var i = 0; i < result.Winners.Count; i++)
        {
            if (i > 0) text.Append(',');
            var w = result.Winners[i];
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\":{w.Id},\"backing\":{w.Backing}}}");
        }

        return text.Append("]}").ToString();
    }

    private static JsonElement Member(JsonElement obj, string name, string where) =>
        obj.TryGetProperty(name, out var value) ? value : throw new CliException($"{where} has no \"{name}\"");

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new CliException($"{where} must be an array");

    private static Int128 Id(JsonElement element, string where) =>
        TryInteger(element, out var id) ? id : throw new CliException($"{where} must be an integer id");

    private static bool TryInteger(JsonElement element, out Int128 value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Number
            && Int128.TryParse(element.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
