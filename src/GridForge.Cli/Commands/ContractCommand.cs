using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Contracts;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary>`gridforge contract`: create contracts from templates, accept, terminate, feed forecasts, declare congestion (DSO),
/// and read contracts, their history and their periods.</summary>
internal static class ContractCommand
{
    public static Command Create()
    {
        var contract = new Command("contract", "Contract templates: residential trading rules, commercial PPAs, grid flexibility");
        var create = new Command("create", "Create a contract from a template (a PPA or flexibility contract waits for the counterparty's acceptance)");
        create.Subcommands.Add(Residential());
        create.Subcommands.Add(Ppa());
        create.Subcommands.Add(Flexibility());
        contract.Subcommands.Add(create);
        var id = IdArgument();
        contract.Subcommands.Add(MarketCommand.SignedCommand("accept", "Accept a contract proposed to you", [id],
            p => new AcceptContractMessage(p.GetValue(id))));
        var id2 = IdArgument();
        contract.Subcommands.Add(MarketCommand.SignedCommand("terminate",
            "End a contract per its terms (notice, termination fee); withdraws or declines a proposal", [id2],
            p => new TerminateContractMessage(p.GetValue(id2))));
        contract.Subcommands.Add(Forecast());
        contract.Subcommands.Add(Congestion());
        contract.Subcommands.Add(Templates());
        contract.Subcommands.Add(Show());
        contract.Subcommands.Add(List());
        return contract;
    }

    private static Argument<ulong> IdArgument() => new("CONTRACT") { Description = "The contract's id" };

    private static Option<string> StartOption() => new("--start") { Description = "First slot: a number, +N slots from now, or an ISO-8601 time", Required =
        true };

    private static Option<string> EndOption() => new("--end") { Description = "Last slot (inclusive): a number, +N slots from now, or an ISO-8601 time",
        Required = true };

    private static Option<uint> NoticeOption() => new("--notice") { Description = "Slots of notice a termination gives", DefaultValueFactory = _ => 0 };

    /// <summary>A `contract create TEMPLATE` subcommand: term options, then sign, wait and print the new contract.</summary>
    private static Command CreateCommand(string name, string description, IEnumerable<Option> options,
        Func<ParseResult, (Address Counterparty, ulong Fee, ContractTerms Terms)> build)
    {
        var from = MarketCommand.FromOption();
        var start = StartOption();
        var end = EndOption();
        var notice = NoticeOption();
        var node = GridCommand.NodeOption();
        var command = new Command(name, description) { from, start, end, notice, node };
        foreach (var o in options) command.Options.Add(o);
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(node)!;
            var (counterparty, fee, terms) = build(parse);
            var first = await MarketCommand.ResolveSlot(url, parse.GetValue(start)!, ct).ConfigureAwait(false);
            var last = await MarketCommand.ResolveSlot(url, parse.GetValue(end)!, ct).ConfigureAwait(false);
            var message = new CreateContractMessage(terms.Template, counterparty, first, last, parse.GetValue(notice), new Amount(fee), terms);
            var code = await TxCommand.SubmitAndWait(url, parse.GetValue(from)!, null, message, ct).ConfigureAwait(false);
            if (code != 0) return code;
            // The chain numbers contracts; the creator's newest one is the one just created.
            var creator = KeyStore.ResolveAddress(parse.GetValue(from)!);
            var mine = await NodeClient.GetOnceAsync<List<ContractsEndpoints.ContractResponse>>(url, $"api/v1/contracts?account={creator}", ct)
                .ConfigureAwait(false);
            if (mine.Where(c => c.Creator == creator.ToString()).MaxBy(c => c.Id) is { } created)
            {
                Console.WriteLine($"contract {created.Id}: {created.Template}, {created.Status}, slots {created.Start}–{created.End}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Residential()
    {
        var zone = new Option<string>("--zone") { Description = "The household's zone", Required = true };
        var reserve = new Option<long>("--reserve") { Description = "Wh of surplus kept unsold per slot", DefaultValueFactory = _ => 0 };
        var floor = new Option<long>("--floor") { Description = "Lowest sell price, µWATT per kWh", Required = true };
        var ceiling = new Option<long>("--ceiling") { Description = "Highest all-in buy price, µWATT per kWh", Required = true };
        var limit = new Option<long>("--buy-limit") { Description = "Most Wh bought per slot", Required = true };
        var budget = new Option<string?>("--daily-budget") { Description = "Most WATT the day's buys may cost (default: none)" };
        var green = new Option<bool>("--green-only") { Description = "Buy only from sellers whose meters in the zone are solar or wind" };
        var prefer = new Option<string[]>("--prefer") { Description = "Buy only from these accounts (or --prefer-zone zones)", AllowMultipleArgumentsPerToken =
            true };
        var preferZone = new Option<string[]>("--prefer-zone") { Description = "Buy only from these zones (or --prefer accounts)",
            AllowMultipleArgumentsPerToken = true };
        return CreateCommand("residential", "A household's trading rule: sell the forecast net surplus at a floor, buy the shortfall at a ceiling",
            [zone, reserve, floor, ceiling, limit, budget, green, prefer, preferZone], p => (Address.None, 0, new ResidentialTerms(
                new ZoneId(p.GetValue(zone)!), new Wh(p.GetValue(reserve)), new PricePerKwh(p.GetValue(floor)), new Wh(p.GetValue(limit)),
                new PricePerKwh(p.GetValue(ceiling)),
                    Watt(p.GetValue(budget), "--daily-budget"),
                p.GetValue(green), [.. (p.GetValue(prefer) ?? []).Select(KeyStore.ResolveAddress)],
                    [.. (p.GetValue(preferZone) ?? []).Select(z => new ZoneId(z))])));
    }

    private static Command Ppa()
    {
        var counterparty = new Option<string>("--counterparty") { Description = "The other party (key file, dev name or address)", Required = true };
        var role = new Option<string>("--role") { Description = "Your side: seller or buyer", Required = true };
        var sellZone = new Option<string>("--sell-zone") { Description = "Where the seller feeds in", Required = true };
        var buyZone = new Option<string>("--buy-zone") { Description = "Where the buyer takes", Required = true };
        var price = new Option<long>("--price") { Description = "Fixed price the seller receives, µWATT per kWh (the buyer also pays the grid fee)", Required =
            true };
        var schedule = new Option<string>("--schedule") { Description =
            "Wh per slot, comma-separated; slot s uses entry s mod n (1 entry: flat; 96: by time of day)", Required = true };
        var takeOrPay = new Option<uint>("--take-or-pay") { Description = "Share of the price the buyer pays for scheduled Wh it did not take, ‰",
            DefaultValueFactory = _ => 0 };
        var penalty = new Option<long>("--penalty") { Description = "What the seller pays per kWh it did not offer or deliver, µWATT", DefaultValueFactory =
            _ => 0 };
        var period = new Option<string>("--period") { Description = "Settlement period: slot, day or month", DefaultValueFactory = _ => "day" };
        var fee = new Option<string?>("--termination-fee") { Description = "WATT a terminating party pays the other" };
        return CreateCommand("ppa", "A commercial power purchase agreement between a seller and a buyer",
            [counterparty, role, sellZone, buyZone, price, schedule, takeOrPay, penalty, period, fee], p =>
            {
                var sells = p.GetValue(role) switch { "seller" => true, "buyer" => false, _ => throw new CliException("--role must be seller or buyer") };
                if (!ContractNames.TryParse(p.GetValue(period), out SettlementPeriod settlement)) throw new CliException("--period must be slot, day or month");
                var entries = p.GetValue(schedule)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(e => long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var wh) ? new Wh(wh)
                        : throw new CliException($"--schedule: '{e}' is not a number of Wh")).ToList();
                return (KeyStore.ResolveAddress(p.GetValue(counterparty)!), Watt(p.GetValue(fee), "--termination-fee"),
                    new PpaTerms(new ZoneId(p.GetValue(sellZone)!),
                    new ZoneId(p.GetValue(buyZone)!), sells, new PricePerKwh(p.GetValue(price)), entries, p.GetValue(takeOrPay),
                    new PricePerKwh(p.GetValue(penalty)), settlement));
            });
    }

    private static Command Flexibility()
    {
        var provider = new Option<string>("--provider") { Description = "The provider who reduces (key file, dev name or address)", Required = true };
        var zone = new Option<string>("--zone") { Description = "The provider's zone", Required = true };
        var direction = new Option<string>("--direction") { Description = "consumption or export", DefaultValueFactory = _ => "consumption" };
        var price = new Option<long>("--price") { Description = "µWATT per kWh of reduction", Required = true };
        var max = new Option<long>("--max-wh") { Description = "Most Wh of reduction paid per slot", Required = true };
        var days = new Option<uint>("--baseline-days") { Description = "Days the baseline averages", DefaultValueFactory = _ => 5 };
        var fee = new Option<string?>("--termination-fee") { Description = "WATT a terminating party pays the other" };
        return CreateCommand("flexibility", "The DSO offers to pay a provider for reduced consumption or export in congested slots",
            [provider, zone, direction, price, max, days, fee], p => ContractNames.TryParse(p.GetValue(direction), out FlexDirection d)
                ? (KeyStore.ResolveAddress(p.GetValue(provider)!), Watt(p.GetValue(fee), "--termination-fee"),
                    new FlexibilityTerms(new ZoneId(p.GetValue(zone)!), d, new PricePerKwh(p.GetValue(price)), new Wh(p.GetValue(max)),
                        p.GetValue(days)))
                : throw new CliException("--direction must be consumption or export"));
    }

    private static Command Forecast()
    {
        var id = IdArgument();
        var slot = new Option<long>("--slot") { Description = "The slot's number", Required = true };
        var export = new Option<long>("--export") { Description = "Forecast export, Wh", Required = true };
        var import = new Option<long>("--import") { Description = "Forecast import, Wh", Required = true };
        return MarketCommand.SignedCommand("forecast", "Tell your residential rule what a future slot will bring", [id, slot, export, import],
            p => new SetForecastMessage(p.GetValue(id), new SlotId(p.GetValue(slot)), new Wh(p.GetValue(export)),
                new Wh(p.GetValue(import))));
    }

    private static Command Congestion()
    {
        var zone = new Option<string>("--zone") { Description = "The congested zone", Required = true };
        var first = new Option<long>("--first") { Description = "First congested slot", Required = true };
        var last = new Option<long>("--last") { Description = "Last congested slot", Required = true };
        return MarketCommand.SignedCommand("congestion", "DSO: declare slots congested in a zone (its flexibility contracts act)", [zone, first, last],
            p => new DeclareCongestionMessage(new ZoneId(p.GetValue(zone)!), new SlotId(p.GetValue(first)), new SlotId(p.GetValue(last))));
    }

    private static Command Templates()
    {
        var node = GridCommand.NodeOption();
        var command = new Command("templates", "The contract templates and their terms") { node };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var list = await NodeClient.GetOnceAsync<List<ContractsEndpoints.TemplateResponse>>(parse.GetValue(node)!, "api/v1/contracts/templates", ct)
                .ConfigureAwait(false);
            foreach (var t in list) Console.WriteLine($"{t.Name} ({t.Parties}): {t.Description}\n  terms: {string.Join(", ", t.Terms)}");
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = IdArgument();
        var json = MarketCommand.JsonOption();
        var node = GridCommand.NodeOption();
        var command = new Command("show", "A contract, its terms and its history") { id, json, node };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(node)!;
            var c = await NodeClient.GetOnceAsync<JsonElement>(url, $"api/v1/contracts/{parse.GetValue(id)}", ct).ConfigureAwait(false);
            var history = await NodeClient.GetOnceAsync<List<ContractsEndpoints.HistoryEntry>>(url, $"api/v1/contracts/{parse.GetValue(id)}/history", ct)
                .ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { contract = c, history }, NodeClient.Json));
                return 0;
            }

            foreach (var line in Summary(c)) Console.WriteLine(line);
            var table = new Table().AddColumns("time", "event", "details");
            foreach (var h in history)
            {
                table.AddRow(DateTimeOffset.FromUnixTimeSeconds(h.Time).ToString("u", CultureInfo.InvariantCulture), h.Kind,
                    Markup.Escape(string.Join(" ", h.Attributes.Where(a => a.Key != "contract").Select(a => $"{a.Key}={MarketCommand.Name(a.Value)}"))));
            }

            AnsiConsole.Write(table);
            foreach (var line in Outcome(c, history)) Console.WriteLine(line);
            if (c.GetProperty("template").GetString() == "ppa")
            {
                var periods = await NodeClient.GetOnceAsync<List<JsonElement>>(url, $"api/v1/contracts/{parse.GetValue(id)}/periods", ct).ConfigureAwait(false);
                foreach (var line in Periods(c, periods)) Console.WriteLine(line);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The contract in a few lines a person reads (its JSON is <c>--json</c>): who, when, status, and its terms with their units.</summary>
    internal static IEnumerable<string> Summary(JsonElement c)
    {
        string? Text(string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long Number(string name) => c.GetProperty(name).GetInt64();
        yield return $"contract {c.GetProperty("id").GetUInt64()}: {Text("template")}, {Text("status")}; creator {MarketCommand.Name(Text("creator")!)}"
            + (Text("counterparty") is { } other ? $", counterparty {MarketCommand.Name(other)}" : "");
        yield return $"slots {Number("start")}–{Number("end")}, next {Number("nextSlot")}; notice {Number("noticeSlots")} slots, termination fee "
            + $"{new Amount(c.GetProperty("terminationFee").GetUInt64())} WATT"
            + (Text("terminatedBy") is { } by ? $"; terminated by {MarketCommand.Name(by)}" : "");
        var terms = c.GetProperty("terms").EnumerateObject().Select(p => $"{p.Name} {TermValue(p.Value)}");
        yield return "terms: " + string.Join(", ", terms) + " (prices µWATT/kWh, energy Wh, money µWATT)";
    }

    private static string TermValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => MarketCommand.Name(value.GetString()!),
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(TermValue)) + "]",
        JsonValueKind.Number => long.TryParse(value.GetRawText(), CultureInfo.InvariantCulture, out var n) ? n.ToString("N0", CultureInfo.InvariantCulture)
            : value.GetRawText(),
        _ => value.GetRawText(),
    };

    /// <summary>Why a contract stopped, in words, when the runtime suspended it.</summary>
    private static IEnumerable<string> Outcome(JsonElement contract, List<ContractsEndpoints.HistoryEntry> history)
    {
        if (contract.GetProperty("status").GetString() != "suspended") yield break;
        var why = history.LastOrDefault(h => h.Kind == "contract_suspended");
        yield return $"suspended by the runtime: {why?.Attributes.GetValueOrDefault("code")}: {why?.Attributes.GetValueOrDefault("reason")} "
            + "(it no longer acts or settles; its trades already made settle as any trade)";
    }

    /// <summary>Each settled PPA period in WATT: what its terms made owed, who paid what, and what became a debt.</summary>
    private static IEnumerable<string> Periods(JsonElement contract, List<JsonElement> periods)
    {
        var terms = contract.GetProperty("terms");
        var (seller, buyer) = (terms.GetProperty("seller").GetString()!, terms.GetProperty("buyer").GetString()!);
        foreach (var p in periods.Where(p => p.GetProperty("settled").GetBoolean()))
        {
            var net = Int128.Parse(p.GetProperty("net").GetRawText(), CultureInfo.InvariantCulture);
            var payer = net >= 0 ? buyer : seller;
            yield return $"period {p.GetProperty("period").GetInt64()} (slots {p.GetProperty("firstSlot").GetInt64()}–{p.GetProperty("lastSlot").GetInt64()}): "
                + $"take-or-pay {Watt(p, "takeOrPay")} WATT, penalty {Watt(p, "penalty")} WATT; net {Watt(net < 0 ? -net : net)} WATT owed by {Short(payer)}, "
                + $"who paid {Watt(p, "paid")} WATT; the unpaid {Watt(p, "unpaid")} WATT became its debt to the other party by {Watt(p, "debtAdded")} WATT "
                + "(a debt never exceeds 2^64 − 1 µWATT: see `settlement show`, pay with `settlement pay-debt`)";
        }
    }

    private static string Short(string address) => address.Length > 16 ? address[..12] + "…" : address;

    private static string Watt(JsonElement period, string field) => Watt(Int128.Parse(period.GetProperty(field).GetRawText(), CultureInfo.InvariantCulture));

    /// <summary>µWATT as WATT with thousands separators (exact, whatever its size).</summary>
    private static string Watt(Int128 micro)
    {
        var whole = Int128.Abs(micro) / 1_000_000;
        var frac = Int128.Abs(micro) % 1_000_000;
        var text = whole.ToString("N0", CultureInfo.InvariantCulture) + (frac == 0 ? "" : "." + frac.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0'));
        return micro < 0 ? "-" + text : text;
    }

    private static Command List()
    {
        var account = new Option<string?>("--account") { Description =
            "Only this account's contracts (key file, dev name or address); default every live contract" };
        var json = MarketCommand.JsonOption();
        var node = GridCommand.NodeOption();
        var command = new Command("list", "Contracts: an account's, or every live one") { account, json, node };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var query = parse.GetValue(account) is { } a ? $"?account={KeyStore.ResolveAddress(a)}" : "";
            var list = await NodeClient.GetOnceAsync<List<ContractsEndpoints.ContractResponse>>(parse.GetValue(node)!, $"api/v1/contracts{query}", ct)
                .ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(list, NodeClient.Json));
                return 0;
            }

            var table = new Table().AddColumns("id", "template", "status", "creator", "counterparty", "slots");
            foreach (var c in list) table.AddRow(c.Id.ToString(CultureInfo.InvariantCulture), c.Template, c.Status, c.Creator[..12] + "…",
                c.Counterparty is null ? "" : c.Counterparty[..12] + "…", $"{c.Start}–{c.LastSlot}");
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static ulong Watt(string? text, string option) => text is null ? 0
        : Amount.TryParseUnits(text, out var a) ? a.Micro : throw new CliException($"{option} must be a number of WATT with at most 6 decimals");
}
