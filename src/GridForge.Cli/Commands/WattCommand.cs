using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Stablecoin;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge watt deposit|mint|redeem|attest|payout|bridge|supply|issuer|redemption</c>: the WATT on/off-ramp.
/// Chain actions are transactions signed here with the caller's key; <c>deposit</c> plays money into the dev node's sandbox bank.</summary>
internal static class WattCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly Option<string> NodeUrl = TxCommand.NodeUrl;

    private static readonly Option<string?> Fee = new("--fee") { Description = "Fee in WATT (default: the chain's minimum)" };

    private static readonly Option<bool> AsJson = new("--json") { Description = "Print JSON instead of text" };

    public static Command Create()
    {
        var watt = new Command("watt", "WATT issuance: sandbox deposits, mint, redeem, reserve attestations, payouts, supply");
        watt.Subcommands.Add(Deposit());
        watt.Subcommands.Add(Mint());
        watt.Subcommands.Add(Redeem());
        watt.Subcommands.Add(Attest());
        watt.Subcommands.Add(Payout());
        watt.Subcommands.Add(Bridge());
        watt.Subcommands.Add(Supply());
        watt.Subcommands.Add(Issuer());
        watt.Subcommands.Add(Redemption());
        return watt;
    }


    private static Amount ParseAmount(string? text, string option) =>
        Amount.TryParseUnits(text, out var a) && !a.IsZero ? a
            : throw new CliException($"{option} must be a positive number of units with at most 6 decimals");

    private static string Reference(string? text, string option) =>
        References.IsValid(text) ? text! : throw new CliException($"{option} must be 1 to {References.MaxBytes} printable ASCII characters without spaces");

    /// <summary>The default issuer (the node's <c>default</c>: the <c>issuer</c> role's holder, else the only active one) when
    /// <paramref name="text"/> names none.</summary>
    private static async Task<Address> IssuerOrOnly(NodeClient node, string? text, CancellationToken ct)
    {
        if (text is not null) return KeyStore.ResolveAddress(text);
        var issuers = await node.GetAsync<List<WattIssuerResponse>>("api/v1/watt/issuers", ct).ConfigureAwait(false);
        return issuers.FirstOrDefault(i => i.Default) is { } chosen
            ? Address.Parse(chosen.Address)
            : throw new CliException($"the chain has {issuers.Count(i => i.Active)} active issuers and no default; name one with --issuer");
    }

    private static Command Deposit()
    {
        var to = new Option<string>("--to") { Description = "Who gets the WATT: grid1… address, dev account name or key file", Required = true };
        var amount = new Option<string>("--amount") { Description = "Fiat amount in units, up to 6 decimals", Required = true };
        var issuer = new Option<string?>("--issuer") { Description =
            "The issuer whose reserve account receives it (default: the chain's default issuer, `issuer` on the dev chain)" };
        var payer = new Option<string?>("--payer") { Description = "Who pays, as the bank shows it (default: sandbox)" };
        var command = new Command("deposit", "Play a fiat deposit into an issuer's sandbox bank account (dev node); prints the deposit reference to mint " +
            "against")
            { to, amount, issuer, payer, NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var micro = ParseAmount(parse.GetValue(amount), "--amount").Micro;
            var beneficiary = KeyStore.ResolveAddress(parse.GetValue(to)!);
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var http = node.Http;
            var who = await IssuerOrOnly(node, parse.GetValue(issuer), ct).ConfigureAwait(false);
            using var response = await http.PostAsJsonAsync("api/v1/sandbox-bank/deposits",
                new SandboxDepositRequest(who.ToString(), beneficiary.ToString(), micro, parse.GetValue(payer)), Json, ct).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound) throw new CliException("this node has no sandbox bank (it runs on dev chains only)");
            if (!response.IsSuccessStatusCode) throw new CliException(
                $"the sandbox bank refused: {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
            var deposit = (await response.Content.ReadFromJsonAsync<SandboxDepositResponse>(Json, ct).ConfigureAwait(false))!;
            Console.WriteLine(parse.GetValue(AsJson) ? JsonSerializer.Serialize(deposit, Json)
                : $"deposit {deposit.Reference}: {new Amount(deposit.Amount)} to {deposit.Beneficiary} at issuer {deposit.Issuer}");
            return 0;
        }));
        return command;
    }

    private static Command Mint()
    {
        var from = new Option<string>("--from") { Description = "The issuer's key file or dev account name", Required = true };
        var to = new Option<string>("--to") { Description = "The recipient: grid1… address, dev account name or key file", Required = true };
        var amount = new Option<string>("--amount") { Description = "WATT to mint, up to 6 decimals", Required = true };
        var reference = new Option<string>("--deposit-ref") { Description = "The fiat deposit's reference (used once, ever)", Required = true };
        var command = new Command("mint", "Mint WATT against a fiat deposit (issuers only)") { from, to, amount, reference, Fee, NodeUrl };
        command.SetAction((parse, ct) => CliAction.RunAsync(() => TxCommand.SubmitAndWait(parse.GetValue(NodeUrl)!, parse.GetValue(from)!, parse.GetValue(Fee),
            new MintMessage(KeyStore.ResolveAddress(parse.GetValue(to)!), ParseAmount(parse.GetValue(amount), "--amount"),
                Reference(parse.GetValue(reference), "--deposit-ref")), ct)));
        return command;
    }

    private static Command Redeem()
    {
        var from = new Option<string>("--from") { Description = "The holder's key file or dev account name", Required = true };
        var amount = new Option<string>("--amount") { Description = "WATT to redeem (burned now, paid out in fiat by the issuer)", Required = true };
        var payoutRef = new Option<string>("--payout-ref") { Description = "Where the issuer pays the fiat (your bank account, as its bank knows it)",
            Required = true };
        var issuer = new Option<string?>("--issuer") { Description =
            "The issuer who owes the payout (default: the chain's default issuer, `issuer` on the dev chain)" };
        var command = new Command("redeem", "Burn WATT and open a redemption that the issuer pays out in fiat") { from, amount, payoutRef, issuer, Fee,
            NodeUrl };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var watt = ParseAmount(parse.GetValue(amount), "--amount");
            var reference = Reference(parse.GetValue(payoutRef), "--payout-ref");
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var who = await IssuerOrOnly(node, parse.GetValue(issuer), ct).ConfigureAwait(false);
            var code = await TxCommand.SubmitAndWait(parse.GetValue(NodeUrl)!, parse.GetValue(from)!, parse.GetValue(Fee),
                new RedeemMessage(who, watt, reference), ct).ConfigureAwait(false);
            if (code != 0) return code;
            var holder = KeyStore.ResolveAddress(parse.GetValue(from)!).ToString();
            var mine = (await node.GetAsync<List<WattRedemptionResponse>>($"api/v1/watt/issuers/{who}/redemptions?status=all", ct).ConfigureAwait(false))
                .LastOrDefault(r => r.Holder == holder && r.Amount == watt.Micro && r.PayoutReference == reference);
            if (mine is not null) Console.WriteLine($"redemption {mine.Id}: {watt} WATT burned; {who} owes the payout to {reference}");
            return 0;
        }));
        return command;
    }

    private static Command Attest()
    {
        var attestor = new Option<string>("--attestor") { Description = "The attestor's key file or dev account name (it signs here)", Required = true };
        var issuer = new Option<string?>("--issuer") { Description = "The issuer attested (default: the chain's default issuer, `issuer` on the dev chain)" };
        var reserves = new Option<string?>("--reserves") { Description = "Reserves in fiat units (default: the issuer's sandbox bank reserve balance)" };
        var asOf = new Option<long?>("--as-of") { Description = "Unix time of the reserves (default: the latest block's time)" };
        var from = new Option<string?>("--from") { Description = "Who submits and pays the fee (default: the attestor)" };
        var command = new Command("attest", "Sign and submit a reserve attestation for an issuer") { attestor, issuer, reserves, asOf, from, Fee, NodeUrl };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var who = await IssuerOrOnly(node, parse.GetValue(issuer), ct).ConfigureAwait(false);
            var status = await node.GetAsync<StatusResponse>("api/v1/status", ct).ConfigureAwait(false);
            Amount amount;
            if (parse.GetValue(reserves) is { } text)
            {
                amount = Amount.TryParseUnits(text, out var a) ? a : throw new CliException("--reserves must be a number of units with at most 6 decimals");
            }
            else
            {
                amount = new Amount((await node.GetAsync<SandboxAccountResponse>($"api/v1/sandbox-bank/reserves/{who}", ct).ConfigureAwait(false)).Balance);
            }

            var time = parse.GetValue(asOf) ?? status.LatestTime ?? throw new CliException("the chain has no block yet; give --as-of");
            using var key = KeyStore.Load(parse.GetValue(attestor)!);
            var signature = ReserveAttestation.Sign(key, status.ChainId, who, amount.Micro, time);
            Console.WriteLine($"attesting {amount} in reserve for {who} as of {time}");
            return await TxCommand.SubmitAndWait(parse.GetValue(NodeUrl)!, parse.GetValue(from) ?? parse.GetValue(attestor)!, parse.GetValue(Fee),
                new AttestMessage(who, amount, time, signature), ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Payout()
    {
        var from = new Option<string>("--from") { Description = "The issuer's key file or dev account name", Required = true };
        var id = new Option<ulong>("--redemption") { Description = "The redemption id", Required = true };
        var bankRef = new Option<string?>("--bank-ref") { Description =
            "The bank's reference of a payout made elsewhere; without it the sandbox bank pays (once)" };
        var command = new Command("payout", "Pay a redemption out (through the sandbox bank unless --bank-ref is given) and confirm it on chain") { from, id,
            bankRef, Fee, NodeUrl };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var reference = parse.GetValue(bankRef);
            // The confirmation names the amount and payout reference it settles: the chain accepts it for no other redemption.
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var http = node.Http;
            var redemption = await node.GetAsync<WattRedemptionResponse>($"api/v1/watt/redemptions/{parse.GetValue(id)}", ct).ConfigureAwait(false);
            if (reference is null)
            {
                var status = await node.GetAsync<StatusResponse>("api/v1/status", ct).ConfigureAwait(false);
                try
                {
                    var payout = await new SandboxBankClient(http).PayOutAsync(
                        new PayoutInstruction(PayoutInstruction.KeyOf(status.ChainId, Hash32.Parse(status.GenesisHash), redemption.Id),
                        Address.Parse(redemption.Issuer), redemption.Amount, redemption.PayoutReference), ct).ConfigureAwait(false);
                    reference = payout.BankReference;
                }
                catch (BankRefusedException e)
                {
                    throw new CliException($"the sandbox bank refused: {e.Code}: {e.Message}");
                }

                Console.WriteLine($"paid {new Amount(redemption.Amount)} to {redemption.PayoutReference} as {reference}");
            }

            return await TxCommand.SubmitAndWait(parse.GetValue(NodeUrl)!, parse.GetValue(from)!, parse.GetValue(Fee),
                new ConfirmPayoutMessage(parse.GetValue(id), Reference(reference, "--bank-ref"), new Amount(redemption.Amount),
                    redemption.PayoutReference), ct)
                    .ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Bridge()
    {
        var from = new Option<string>("--from") { Description = "The issuer's key file or dev account name (the bridge signs with it)", Required = true };
        var attestor = new Option<string?>("--attestor") { Description = "Also attest the bank's reserve balance before minting, with this attestor key" };
        var once = new Option<bool>("--once") { Description = "Run one pass and exit (exit 1 if something was deferred)" };
        var interval = new Option<int>("--interval") { Description = "Seconds between passes", DefaultValueFactory = _ => 2 };
        var command = new Command("bridge", "Run the issuer's bridge against the dev node's sandbox bank: mint deposits, pay out and confirm redemptions")
            { from, attestor, once, interval, NodeUrl };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var http = node.Http;
            var status = await node.GetAsync<StatusResponse>("api/v1/status", ct).ConfigureAwait(false);
            if (KeyStore.IsDevName(parse.GetValue(from)!) && !status.DevChain) throw new CliException("dev keys are refused on a non-dev chain");
            using var key = KeyStore.Load(parse.GetValue(from)!);
            using var attestorKey = parse.GetValue(attestor) is { } a ? KeyStore.Load(a) : null;
            var bridge = new IssuerBridge(new SandboxBankClient(http), new HttpIssuerChain(http, key), attestorKey);
            while (true)
            {
                BridgeReport report;
                try
                {
                    report = await bridge.RunOnceAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or BankRefusedException or TimeoutException)
                {
                    if (parse.GetValue(once)) throw new CliException($"the bridge pass failed: {e.Message}");
                    Console.Error.WriteLine($"pass failed, retrying: {e.Message}");
                    await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(interval)), ct).ConfigureAwait(false);
                    continue;
                }

                Console.WriteLine(report);
                foreach (var d in report.Deferred) Console.WriteLine($"  deferred: {d}");
                if (parse.GetValue(once)) return report.Deferred.Count == 0 ? 0 : 1;
                await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(interval)), ct).ConfigureAwait(false);
            }
        }));
        return command;
    }

    private static Command Supply()
    {
        var command = new Command("supply", "WATT total supply, minted and burned, and every issuer's outstanding against its reserves") { NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var supply = await node.GetAsync<WattSupplyResponse>("api/v1/watt/supply", ct).ConfigureAwait(false);
            var issuers = await node.GetAsync<List<WattIssuerResponse>>("api/v1/watt/issuers", ct).ConfigureAwait(false);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(JsonSerializer.Serialize(supply, Json));
                return 0;
            }

            Console.WriteLine($"height {supply.Height}: WATT supply {new Amount(supply.TotalSupply)} = minted {new Amount(supply.Minted)} − burned " +
                $"{new Amount(supply.Burned)}");
            Console.WriteLine($"  genesis WATT {new Amount(supply.GenesisMinted)} (owed by no issuer: {new Amount(supply.UnattributedGenesis)})");
            Console.WriteLine($"  pending redemptions: {supply.PendingRedemptions} ({new Amount(supply.PendingAmount)} WATT)");
            IssuerTable(issuers);
            return 0;
        }));
        return command;
    }

    private static void IssuerTable(IEnumerable<WattIssuerResponse> issuers)
    {
        foreach (var i in issuers)
        {
            var asOf = DateTimeOffset.FromUnixTimeSeconds(i.ReservesAsOf).ToString("u", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"issuer {i.Address}{(i.Active ? string.Empty : " (removed: no longer mints)")}");
            Console.WriteLine($"  outstanding {new Amount(i.Outstanding)} WATT of reserves {new Amount(i.Reserves)} (as of {asOf}, height " +
                $"{i.AttestedAtHeight}); headroom {new Amount(i.Headroom)}");
            Console.WriteLine($"  pending redemptions {i.PendingRedemptions} ({new Amount(i.PendingAmount)} WATT); attestor {i.Attestor}");
        }
    }

    private static Command Issuer()
    {
        var address = new Argument<string?>("ISSUER") { Description = "grid1… address, dev account name or key file (default: every issuer)", Arity =
            ArgumentArity.ZeroOrOne };
        var command = new Command("issuer", "An issuer's outstanding WATT, attested reserves and pending redemptions") { address, NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var issuers = parse.GetValue(address) is { } text
                ? [await node.GetAsync<WattIssuerResponse>($"api/v1/watt/issuers/{KeyStore.ResolveAddress(text)}", ct).ConfigureAwait(false)]
                : await node.GetAsync<List<WattIssuerResponse>>("api/v1/watt/issuers", ct).ConfigureAwait(false);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(JsonSerializer.Serialize(issuers, Json));
                return 0;
            }

            IssuerTable(issuers);
            foreach (var i in issuers)
            {
                foreach (var r in await node.GetAsync<List<WattRedemptionResponse>>($"api/v1/watt/issuers/{i.Address}/redemptions", ct).ConfigureAwait(false))
                {
                    Console.WriteLine($"  redemption {r.Id}: {new Amount(r.Amount)} WATT owed to {r.PayoutReference} since height {r.RequestedHeight}");
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command Redemption()
    {
        var id = new Argument<ulong>("ID") { Description = "The redemption id" };
        var command = new Command("redemption", "A redemption's status on chain and (on a dev node) its payout at the sandbox bank") { id, NodeUrl, AsJson };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            using var node = new NodeClient(parse.GetValue(NodeUrl)!);
            var r = await node.GetAsync<WattRedemptionResponse>($"api/v1/watt/redemptions/{parse.GetValue(id)}", ct).ConfigureAwait(false);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(JsonSerializer.Serialize(r, Json));
                return 0;
            }

            Console.WriteLine($"redemption {r.Id}: {new Amount(r.Amount)} WATT from {r.Holder}, owed by {r.Issuer} to {r.PayoutReference}: {r.Status}"
                + (r.Status == "paid" ? $" as {r.BankReference} at height {r.PaidHeight}" : string.Empty));
            return 0;
        }));
        return command;
    }
}
