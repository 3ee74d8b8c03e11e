using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Staking.Election;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge staking …</c>: run an election alone (<c>elect</c>), and bond, unbond, rebond, withdraw,
/// validate, nominate, chill, post platform-access bonds and report equivocations as signed transactions.</summary>
internal static class StakingCommand
{
    public static Command Create()
    {
        var staking = new Command("staking", "GRID staking: election preview, bonds, validators and nominations, rewards, slashing evidence");
        staking.Subcommands.Add(Elect());
        staking.Subcommands.Add(AmountTx("bond", "Bond free GRID (it is reserved and becomes active stake)", a => new BondMessage(a)));
        staking.Subcommands.Add(AmountTx("unbond", "Start unbonding active stake (withdrawable after staking.unbonding_eras eras, slashable until then)",
            a => new UnbondMessage(a)));
        staking.Subcommands.Add(AmountTx("rebond", "Return unbonding stake to active (latest chunks first)", a => new RebondMessage(a)));
        staking.Subcommands.Add(Tx("withdraw", "Withdraw unbonded chunks and released access bonds whose era has come", [], _ => new WithdrawMessage()));
        var commission = new Option<string>("--commission") { Description = "Commission in percent, up to 7 decimals (e.g. 5 or 2.5)", Required = true };
        staking.Subcommands.Add(Tx("validate", "Declare intent to validate (replaces nominations; also how a slashed validator re-declares)", [commission],
            p => new ValidateMessage(ParseCommission(p.GetValue(commission)))));
        var targets = new Argument<string[]>("VALIDATOR") { Description =
            "Validators to back: grid1… addresses, dev names or key files (up to staking.max_nominations)", Arity = ArgumentArity.OneOrMore };
        staking.Subcommands.Add(Tx("nominate", "Back validators with the active bond (replaces intent to validate)", [targets],
            p => new NominateMessage([.. p.GetValue(targets)!.Select(KeyStore.ResolveAddress)])));
        staking.Subcommands.Add(Tx("chill", "Stop validating or nominating from the next election (the bond stays)", [], _ => new ChillMessage()));
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", AccessRoles.All)}", Required = true };
        staking.Subcommands.Add(Tx("access-bond", "Post the platform-access bond governance sets for a role that acts for others", [role],
            p => new PostAccessBondMessage(p.GetValue(role)!)));
        var releaseRole = new Option<string>("--role") { Description = $"One of {string.Join(", ", AccessRoles.All)}", Required = true };
        staking.Subcommands.Add(Tx("access-release", "Give up a role's access; its bond is withdrawable after staking.unbonding_eras eras", [releaseRole],
            p => new ReleaseAccessBondMessage(p.GetValue(releaseRole)!)));
        staking.Subcommands.Add(ReportEquivocation());
        staking.Subcommands.Add(Era());
        staking.Subcommands.Add(Validators());
        staking.Subcommands.Add(Account());
        return staking;
    }

    private static readonly Option<string> NodeUrl = TxCommand.NodeUrl;

    private static readonly Option<bool> AsJson = new("--json") { Description = "Print the node's JSON instead of text" };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A subcommand that signs <paramref name="message"/> with <c>--from</c>'s key, submits it and waits for its block.</summary>
    internal static Command Tx(string name, string description, IEnumerable<Symbol> symbols, Func<ParseResult, IMessage> message)
    {
        var from = new Option<string>("--from") { Description = "The sender's key file or dev account name", Required = true };
        var fee = new Option<string?>("--fee") { Description = "Fee in WATT (default: the chain's minimum)" };
        var command = new Command(name, description) { from, fee, NodeUrl };
        foreach (var s in symbols)
        {
            if (s is Argument a) command.Arguments.Add(a);
            else command.Options.Add((Option)s);
        }

        command.SetAction((parse, ct) => CliAction.RunAsync(() =>
            TxCommand.SubmitAndWait(parse.GetValue(NodeUrl)!, parse.GetValue(from)!, parse.GetValue(fee), message(parse), ct)));
        return command;
    }

    private static Command AmountTx(string name, string description, Func<Amount, IMessage> message)
    {
        var amount = new Option<string>("--amount") { Description = "GRID in whole units, up to 6 decimals", Required = true };
        return Tx(name, description, [amount], p => message(Amount.TryParseUnits(p.GetValue(amount), out var a) && !a.IsZero
            ? a
            : throw new CliException("--amount must be a positive number of GRID with at most 6 decimals")));
    }

    /// <summary>Percent with up to 7 decimals to parts per billion, exactly ("2.5" → 25,000,000).</summary>
    internal static uint ParseCommission(string? text)
    {
        var t = text?.Trim().TrimEnd('%') ?? string.Empty;
        var parts = t.Split('.');
        if (parts.Length is 0 or > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)) || (parts.Length == 2 && parts[1].Length is 0 or > 7)
            || !ulong.TryParse(parts[0] + (parts.Length == 2 ? parts[1] : string.Empty).PadRight(7, '0'), NumberStyles.None, CultureInfo.InvariantCulture,
                out var ppb)
            || ppb > ValidatorPrefs.Billion)
        {
            throw new CliException("--commission must be a percentage from 0 to 100 with at most 7 decimals");
        }

        return (uint)ppb;
    }

    private static Command ReportEquivocation()
    {
        var validator = new Option<string>("--validator") { Description = "The validator that signed twice (grid1…, dev name or key file)", Required = true };
        var height = new Option<ulong>("--height") { Description = "The height of both votes", Required = true };
        var round = new Option<int>("--round") { Description = "The round of both votes", DefaultValueFactory = _ => 0 };
        var type = new Option<string>("--type") { Description = "prevote or precommit", DefaultValueFactory = _ => "precommit" };
        var first = new Option<string>("--first") { Description = "BLOCKHASH:SIGNATURE of the first vote (hex; nil:SIGNATURE for a nil vote)", Required =
            true };
        var second = new Option<string>("--second") { Description = "BLOCKHASH:SIGNATURE of the second vote (hex; nil:SIGNATURE for a nil vote)", Required =
            true };
        return Tx("report-equivocation", "Submit evidence that a validator signed two different votes of one type at one height and round",
            [validator, height, round, type, first, second], p =>
            {
                var voteType = p.GetValue(type) switch
                {
                    "prevote" => VoteType.Prevote,
                    "precommit" => VoteType.Precommit,
                    var other => throw new CliException($"--type must be prevote or precommit, not '{other}'"),
                };
                if (p.GetValue(round) < 0) throw new CliException("--round must not be negative");
                var who = KeyStore.ResolveAddress(p.GetValue(validator)!);
                SignedVote Signed(string option, string? text)
                {
                    var (hash, signature) = Vote(text, option);
                    return new SignedVote(new Vote(voteType, p.GetValue(height), p.GetValue(round), hash), who, signature);
                }

                return new ReportEquivocationMessage(Signed("--first", p.GetValue(first)), Signed("--second", p.GetValue(second)));
            });
    }

    private static (Hash32? Hash, byte[] Signature) Vote(string? text, string option)
    {
        var parts = (text ?? string.Empty).Split(':');
        try
        {
            if (parts.Length == 2 && (parts[0] == "nil" || Hash32.TryParse(parts[0], out _)))
            {
                var signature = Convert.FromHexString(parts[1]);
                Hash32? hash = parts[0] == "nil" ? null : Hash32.Parse(parts[0]);
                if (signature.Length == Core.Crypto.Ed25519.SignatureSize) return (hash, signature);
            }
        }
        catch (FormatException)
        {
        }

        throw new CliException($"{option} must be BLOCKHASH:SIGNATURE or nil:SIGNATURE, 64 and 128 hexadecimal characters");
    }

    /// <summary>GETs a node endpoint as <typeparamref name="T"/>; a problem becomes a CliException with its code.</summary>
    internal static async Task<(T Value, string Raw)> Get<T>(string nodeUrl, string path, CancellationToken ct)
    {
        using var client = new NodeClient(nodeUrl);
        return await client.GetWithRawAsync<T>(path, ct).ConfigureAwait(false);
    }

    internal static string Grid(ulong micro) => new Amount(micro).ToString();

    /// <summary>Parts per billion as an exact percentage ("25000000" → "2.5").</summary>
    internal static string Percent(uint ppb) =>
        string.Create(CultureInfo.InvariantCulture, $"{ppb / 10_000_000}.{ppb % 10_000_000:D7}").TrimEnd('0').TrimEnd('.');

    private static Command Era()
    {
        var command = new Command("era", "The current era, its last height, total active bond and pending era reward") { NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var (era, raw) = await Get<StakingEndpoints.EraResponse>(parse.GetValue(NodeUrl)!, "api/v1/staking/era", ct).ConfigureAwait(false);
            Console.WriteLine(parse.GetValue(AsJson) ? raw
                : $"era {era.Era}: heights {era.StartHeight}..{era.LastHeight} (head {era.Height}); {Grid(era.TotalActive)} GRID active; pending reward " +
                    $"{Grid(era.PendingPaid)} of {Grid(era.PendingEraReward)} GRID");
            return 0;
        }));
        return command;
    }

    private static Command Validators()
    {
        var next = new Option<bool>("--next") { Description = "The set the era's end would elect now, instead of the current one" };
        var command = new Command("validators", "The current (or next) validator set with each validator's backing") { next, NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var path = parse.GetValue(next) ? "api/v1/staking/validators/next" : "api/v1/staking/validators";
            var (list, raw) = await Get<List<StakingEndpoints.ValidatorResponse>>(parse.GetValue(NodeUrl)!, path, ct).ConfigureAwait(false);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(raw);
                return 0;
            }

            foreach (var v in list)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{v.Address} power {v.Power} backing {Grid(v.Total)} GRID (own {Grid(v.Own)}, {v.Nominators.Count} nominators) commission ") +
                    string.Create(CultureInfo.InvariantCulture,
                        $"{Percent(v.CommissionPpb)}% points {v.Points} pending {Grid(v.PendingReward)}{(v.SlashedThisEra ? " SLASHED" : string.Empty)}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Account()
    {
        var account = new Argument<string>("ACCOUNT") { Description = "grid1… address, dev account name or key file" };
        var command = new Command("account", "An account's bond, unbonding chunks, role, nominations, pending reward and access bonds") { account, NodeUrl,
            AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var address = KeyStore.ResolveAddress(parse.GetValue(account)!);
            var (s, raw) = await Get<StakingEndpoints.StakerResponse>(parse.GetValue(NodeUrl)!, $"api/v1/staking/accounts/{address}", ct).ConfigureAwait(false);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(raw);
                return 0;
            }

            Console.WriteLine($"{s.Address}: {s.Role}; active {Grid(s.Active)} GRID, unbonding {Grid(s.Unlocking)} (withdrawable now {Grid(s.Withdrawable)}); "
                + $"pending reward {Grid(s.PendingReward)} GRID");
            foreach (var c in s.Chunks) Console.WriteLine($"  unbonding {Grid(c.Amount)} GRID until era {c.Era}");
            foreach (var n in s.Nominations) Console.WriteLine($"  nominates {n}");
            foreach (var b in s.AccessBonds) Console.WriteLine(
                $"  access bond {b.Role}: {Grid(b.Amount)} GRID {(b.InForce ? "in force" : $"released, withdrawable from era {b.UnlockEra}")}");
            if (s.LastOffenceHeight is { } offence) Console.WriteLine($"  slashed for an offence at height {offence}");
            return 0;
        }));
        return command;
    }

    private static Command Elect()
    {
        var input = new Option<string>("--input") { Description =
            "JSON file: {\"to_elect\":N,\"candidates\":[ID…],\"voters\":[{\"id\":ID,\"stake\":S,\"targets\":[ID…]}…]} (- for stdin)", Required = true };
        var iterations = new Option<int>("--balance-iterations") { Description = "Rounds of balancing after sequential Phragmén (default 0)",
            DefaultValueFactory = _ => 0 };
        var command = new Command("elect", "Run sequential Phragmén (as Polkadot's sp-npos-elections) on a file; prints {\"winners\":[{\"id\",\"backing\"}…]} "
            + "in election order")
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
