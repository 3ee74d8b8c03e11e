using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Settlement;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge certificates list|transfer|retire</c> (granular certificates of origin) and
/// <c>gridforge settlement show|pay-debt</c> (how an account's trades settled against the meters, and its imbalance debt).</summary>
internal static class CertificateCommand
{
    /// <summary>The two top-level commands: <c>certificates</c> and <c>settlement</c>.</summary>
    public static IEnumerable<Command> Create() => [Certificates(), Settlement()];

    private static Argument<string> AccountArgument() => new("ACCOUNT") { Description = "grid1… address, dev account name or key file" };

    private static Command Certificates()
    {
        var certificates = new Command("certificates", "Granular certificates of origin: one per delivered piece of solar or wind energy, owned by the buyer");

        var account = AccountArgument();
        var json = MarketCommand.JsonOption();
        var listNode = GridCommand.NodeOption();
        var list = new Command("list", "An account's certificates: slot, zone, technology, meter, Wh held and retired") { account, json, listNode };
        list.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var address = KeyStore.ResolveAddress(parse.GetValue(account)!);
            var certs = await NodeClient.GetOnceAsync<List<MarketEndpoints.CertificateResponse>>(parse.GetValue(listNode)!,
                $"api/v1/market/accounts/{address}/certificates", ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(certs, NodeClient.Json));
                return 0;
            }

            // Chosen to fit 80 columns: the meter is in --json.
            var table = new Table().AddColumns("id", "slot", "zone", "source", "Wh", "retired", "split from");
            foreach (var c in certs)
            {
                table.AddRow(c.Id.ToString(CultureInfo.InvariantCulture), c.Slot.ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Zone), c.Technology,
                    MarketCommand.N(c.Wh), MarketCommand.N(c.Retired), c.Origin == 0 ? "" : c.Origin.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.MarkupLine($"certificates of {Markup.Escape(address.ToString())}: {MarketCommand.N(certs.Sum(c => c.Wh))} Wh held, " +
                $"{MarketCommand.N(certs.Sum(c => c.Retired))} Wh retired");
            AnsiConsole.Write(table);
            return 0;
        }));
        certificates.Subcommands.Add(list);

        var transferId = CertificateArgument();
        var to = new Option<string>("--to") { Description = "The new owner: grid1… address, dev account name or key file", Required = true };
        var transferWh = new Option<long>("--wh") { Description = "Wh to transfer (a part splits off a new certificate)", Required = true };
        certificates.Subcommands.Add(MarketCommand.SignedCommand("transfer", "Transfer Wh of a certificate you own to another account",
            [transferId, to, transferWh], p =>
            new TransferCertificateMessage(p.GetValue(transferId), KeyStore.ResolveAddress(p.GetValue(to)!), new Wh(p.GetValue(transferWh)))));

        var retireId = CertificateArgument();
        var retireWh = new Option<long>("--wh") { Description = "Wh to retire (claim) for good", Required = true };
        certificates.Subcommands.Add(MarketCommand.SignedCommand("retire", "Retire (claim) Wh of a certificate you own; retired Wh can never be claimed again",
            [retireId, retireWh], p =>
            new RetireCertificateMessage(p.GetValue(retireId), new Wh(p.GetValue(retireWh)))));
        return certificates;
    }

    private static Argument<ulong> CertificateArgument() => new("CERTIFICATE") { Description = "The certificate's id (as `certificates list` prints it)" };

    private static Command Settlement()
    {
        var settlement = new Command("settlement", "How trades settled against the meters, and debts");

        var account = AccountArgument();
        var json = MarketCommand.JsonOption();
        var node = GridCommand.NodeOption();
        var show = new Command("show", "An account's settled trades (delivered Wh, what was paid, received, released and owed) and its debt") { account, json,
            node };
        show.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(node)!;
            var address = KeyStore.ResolveAddress(parse.GetValue(account)!);
            using var trades = await NodeClient.GetOnceAsync<JsonDocument>(url, $"api/v1/market/accounts/{address}/trades", ct).ConfigureAwait(false);
            using var debt = await NodeClient.GetOnceAsync<JsonDocument>(url, $"api/v1/market/accounts/{address}/debt", ct).ConfigureAwait(false);
            var owed = debt.RootElement.GetProperty("debt").GetUInt64();
            if (parse.GetValue(json))
            {
                Console.WriteLine($"{{\"trades\":{trades.RootElement.GetRawText()},\"debt\":{owed.ToString(CultureInfo.InvariantCulture)}," +
                    $"\"debts\":{debt.RootElement.GetProperty("debts").GetRawText()}}}");
                return 0;
            }

            var me = address.ToString();
            // Chosen to fit 80 columns: escrow released and Wh certified are in --json.
            var table = new Table().AddColumns("trade", "role", "traded", "delivered", "paid", "received", "penalty");
            foreach (var t in trades.RootElement.EnumerateArray())
            {
                var seller = t.GetProperty("seller").GetString() == me;
                var role = seller ? (t.GetProperty("buyer").GetString() == me ? "both" : "seller") : "buyer";
                var row = new List<string> { $"{MarketCommand.I(t.GetProperty("slot").GetInt64())}:{MarketCommand.I(t.GetProperty("seq").GetInt64())}", role,
                    MarketCommand.N(t.GetProperty("quantity").GetInt64()) };
                if (t.TryGetProperty("settlement", out var s) && s.ValueKind == JsonValueKind.Object)
                {
                    long L(string name) => s.GetProperty(name).GetInt64();
                    row.AddRange([MarketCommand.N(L("delivered")),
                        MarketCommand.N(seller ? Math.Max(0, -L("sellerReceived")) : Math.Max(0, L("buyerPaid"))),
                        MarketCommand.N(seller ? Math.Max(0, L("sellerReceived")) : Math.Max(0, -L("buyerPaid"))),
                        // Owed exactly: it can exceed 64 bits.
                        seller ? UInt128.Parse(s.GetProperty("penalty").GetRawText(), CultureInfo.InvariantCulture)
                            .ToString("N0", CultureInfo.InvariantCulture) : ""]);
                }
                else
                {
                    row.AddRange(["not yet", "", "", ""]);
                }

                table.AddRow([.. row]);
            }

            AnsiConsole.MarkupLine($"settlement of {Markup.Escape(me)} (energy Wh, money µWATT)");
            AnsiConsole.Write(table);
            if (owed == 0) AnsiConsole.MarkupLine("no debt");
            foreach (var d in debt.RootElement.GetProperty("debts").EnumerateArray())
            {
                var creditor = d.GetProperty("creditor").GetString()!;
                var what = creditor == "balancing" ? "imbalance penalties, to the balancing account" : $"contract payments, to {creditor}";
                AnsiConsole.MarkupLine($"[red]debt {d.GetProperty("amount").GetUInt64().ToString("N0", CultureInfo.InvariantCulture)} µWATT[/] " +
                    $"({Markup.Escape(what)})");
            }

            if (owed > 0) AnsiConsole.MarkupLine("no new sell orders (nor buys, with a debt to an account) until it is paid (`settlement pay-debt`)");
            return 0;
        }));
        settlement.Subcommands.Add(show);

        var amount = new Option<string?>("--amount") { Description = "WATT to pay, up to 6 decimals (default: the whole debt)" };
        var payNode = GridCommand.NodeOption();
        var payFrom = MarketCommand.FromOption();
        var pay = new Command("pay-debt", "Pay debts: imbalance penalties to the balancing account first, then contract payments to their creditors") { payFrom,
            amount, payNode };
        pay.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(payNode)!;
            Amount payment;
            if (parse.GetValue(amount) is { } text)
            {
                if (!Amount.TryParseUnits(text, out var a)
                    || a.IsZero) throw new CliException("--amount must be a positive number of WATT with at most 6 decimals");
                payment = a;
            }
            else
            {
                var address = KeyStore.ResolveAddress(parse.GetValue(payFrom)!);
                using var debt = await NodeClient.GetOnceAsync<JsonDocument>(url, $"api/v1/market/accounts/{address}/debt", ct).ConfigureAwait(false);
                payment = new Amount(debt.RootElement.GetProperty("debt").GetUInt64());
                if (payment.IsZero) throw new CliException($"{address} has no debt", 1);
            }

            return await TxCommand.SubmitAndWait(url, parse.GetValue(payFrom)!, null, new PayDebtMessage(payment), ct).ConfigureAwait(false);
        }));
        settlement.Subcommands.Add(pay);
        return settlement;
    }
}
