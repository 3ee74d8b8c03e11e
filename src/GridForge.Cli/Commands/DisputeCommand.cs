using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Disputes;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge dispute open|rule|list|show</c>: disputes on trades and settlements opened and ruled as signed
/// transactions (through <see cref="TxCommand.SubmitAndWait"/>), read back from the node's disputes API.</summary>
internal static class DisputeCommand
{
    public static Command Create()
    {
        var dispute = new Command("dispute", "Disputes on trades and settlements: open one with a bond, rule on one as the arbitrator, list and show them");
        dispute.Subcommands.Add(Open());
        dispute.Subcommands.Add(Rule());
        dispute.Subcommands.Add(List());
        dispute.Subcommands.Add(Show());
        return dispute;
    }

    private static Command Open()
    {
        var from = MarketCommand.FromOption();
        var trade = new Option<string>("--trade") { Description = "The trade: SLOT:SEQ (as `market trades` lists it)", Required = true };
        var settlement = new Option<bool>("--settlement") { Description = "Dispute the trade's settlement result (only once it has settled)" };
        var claim = new Option<string>("--claim") { Description = "WATT claimed from the other party (up to 6 decimals)", Required = true };
        var bond = new Option<string>("--bond") { Description = "The bond, in units of --bond-token (at least disputes.min_bond)", Required = true };
        var token = new Option<string>("--bond-token") { Description = "WATT (default) or GRID", DefaultValueFactory = _ => "WATT" };
        var reason = new Option<string>("--reason") { Description = "Why, in at most 280 bytes", Required = true };
        var fee = new Option<string?>("--fee") { Description = "Transaction fee in WATT (default: the chain's minimum)" };
        var node = GridCommand.NodeOption();
        var open = new Command("open", "Open a dispute on a trade (or its settlement) you are a party of; prints the dispute as the chain recorded it")
            { from, trade, settlement, claim, bond, token, reason, fee, node };
        open.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var (slot, seq) = ParseTrade(parse.GetValue(trade)!);
            var subject = parse.GetValue(settlement) ? DisputeSubject.SettlementOf(slot, seq) : DisputeSubject.Trade(slot, seq);
            if (!TokenNames.TryParse(parse.GetValue(token), out var t)) throw new CliException("--bond-token must be WATT or GRID");
            var message = new OpenDisputeMessage(subject, t, Units(parse.GetValue(bond), "--bond"), Units(parse.GetValue(claim), "--claim"),
                parse.GetValue(reason)!);
            var url = parse.GetValue(node)!;
            var code = await TxCommand.SubmitAndWait(url, parse.GetValue(from)!, parse.GetValue(fee), message, ct).ConfigureAwait(false);
            if (code != 0) return code;

            // The chain numbers disputes; the opener's newest open one over this trade is the one just opened.
            var opener = KeyStore.ResolveAddress(parse.GetValue(from)!).ToString();
            var mine = await NodeClient.GetOnceAsync<List<DisputesEndpoints.DisputeResponse>>(url, $"api/v1/disputes?status=open&account={opener}", ct)
                .ConfigureAwait(false);
            if (mine.Where(d => d.Opener == opener && d.Slot == slot.Index && d.Seq == seq).MaxBy(d => d.Id) is { } opened) Console.WriteLine(Describe(opened));
            return 0;
        }));
        return open;
    }

    private static Command Rule()
    {
        var id = new Option<ulong>("--id") { Description = "The dispute's id", Required = true };
        var uphold = new Option<bool>("--uphold") { Description = "The subject stands: the hold is released, the opener's bond goes to the respondent" };
        var correct = new Option<string?>("--correct") { Description = "WATT of the hold to move to the opener (the rest is released, the bond returned)" };
        return MarketCommand.SignedCommand("rule", "Rule on a dispute as the arbitrator (the DSO, or a council member): --uphold or --correct AMOUNT",
            [id, uphold, correct], p =>
            (p.GetValue(uphold), p.GetValue(correct)) switch
            {
                (true, null) => new RuleDisputeMessage(p.GetValue(id), Ruling.Uphold),
                (false, { } amount) => new RuleDisputeMessage(p.GetValue(id), Ruling.Correct(Units(amount, "--correct").Micro)),
                _ => throw new CliException("give exactly one of --uphold and --correct AMOUNT"),
            });
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "open or closed" };
        var account = new Option<string?>("--account") { Description =
            "Only disputes this account opened or answers: grid1… address, dev account name or key file" };
        var json = MarketCommand.JsonOption();
        var node = GridCommand.NodeOption();
        var list = new Command("list", "Disputes, oldest first, with their subject, parties, claim, hold, deadline and outcome") { status, account, json,
            node };
        list.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var query = new List<string>();
            if (parse.GetValue(status) is { } s)
            {
                query.Add($"status={(s is "open" or "closed" ? s : throw new CliException("--status must be open or closed"))}");
            }

            if (parse.GetValue(account) is { } a) query.Add($"account={KeyStore.ResolveAddress(a)}");
            var path = "api/v1/disputes" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
            var disputes = await NodeClient.GetOnceAsync<List<DisputesEndpoints.DisputeResponse>>(parse.GetValue(node)!, path, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(disputes, NodeClient.Json));
                return 0;
            }

            // Chosen to fit 80 columns: hold, bond, deadline and outcome are in `dispute show` and --json.
            var table = new Table().AddColumns("id", "subject", "opener → respondent", "claim", "status");
            foreach (var d in disputes)
            {
                table.AddRow(MarketCommand.I((long)d.Id), Markup.Escape(Subject(d)),
                    Markup.Escape($"{MarketCommand.Name(d.Opener)} → {MarketCommand.Name(d.Respondent)}"),
                    MarketCommand.N((long)d.Claim), d.Status);
            }

            AnsiConsole.MarkupLine($"{disputes.Count} disputes (claims in µWATT)");
            AnsiConsole.Write(table);
            return 0;
        }));
        return list;
    }

    private static Command Show()
    {
        var id = new Argument<ulong>("ID") { Description = "The dispute's id" };
        var json = MarketCommand.JsonOption();
        var node = GridCommand.NodeOption();
        var show = new Command("show", "One dispute: subject, parties, bond, claim and hold, deadline, votes and outcome") { id, json, node };
        show.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var d = await NodeClient.GetOnceAsync<DisputesEndpoints.DisputeResponse>(parse.GetValue(node)!, $"api/v1/disputes/{parse.GetValue(id)}", ct)
                .ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(d, NodeClient.Json));
                return 0;
            }

            Console.WriteLine(Describe(d));
            Console.WriteLine($"  reason: {d.Reason}");
            foreach (var v in d.Votes) Console.WriteLine(
                $"  vote: {MarketCommand.Name(v.Arbitrator)} {v.Ruling}{(v.Ruling == "correct" ? $" {v.Amount:N0} µWATT" : "")}");
            if (d.Status != "open")
            {
                Console.WriteLine($"  outcome: {d.ToOpener:N0} µWATT to the opener, {d.Released:N0} µWATT released to the respondent, bond to " +
                    $"{MarketCommand.Name(d.BondTo!)}");
            }

            return 0;
        }));
        return show;
    }

    private static string Describe(DisputesEndpoints.DisputeResponse d) =>
        $"dispute {d.Id}: {Subject(d)}, {MarketCommand.Name(d.Opener)} against {MarketCommand.Name(d.Respondent)}, claim {d.Claim:N0} µWATT, " +
        $"held {d.Held:N0} µWATT{(d.AwaitingSettlement ? " (until settlement)" : "")}, bond {new Amount(d.Bond)} {d.BondToken}, deadline {Time(d.Deadline)}: " +
        $"{d.Status}";

    private static string Subject(DisputesEndpoints.DisputeResponse d) => d.Slot is { } slot ? $"{d.Subject} {slot}:{d.Seq}"
        : $"contract {d.Contract} period {d.Period}";

    private static string Time(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Amount Units(string? text, string option) =>
        Amount.TryParseUnits(text, out var a) ? a : throw new CliException($"{option} must be a number of units with at most 6 decimals");

    internal static (SlotId Slot, uint Seq) ParseTrade(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? (new SlotId(slot), seq)
            : throw new CliException("--trade must be SLOT:SEQ, e.g. 2000004:0");
    }
}
