using System.CommandLine;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge tx …</c>: build a transaction, sign it here, submit it and wait for its block.</summary>
internal static class TxCommand
{
    /// <summary>Where the CLI finds a node unless <c>--node</c> says otherwise (the dev node's default address).</summary>
    public const string NodeUrlDefault = "http://127.0.0.1:8080";

    /// <summary>The node a command talks to without <c>--node</c>: <c>GRIDFORGE_NODE</c> when set, else <see cref="NodeUrlDefault"/>.</summary>
    public static string DefaultNodeUrl =>
        Environment.GetEnvironmentVariable(GridForge.Node.Home.NodeConfigLoader.NodeUrlVariable) is { Length: > 0 } url ? url : NodeUrlDefault;

    public static readonly Option<string> NodeUrl = new("--node") { Description = "The node's URL (default: $GRIDFORGE_NODE, else http://127.0.0.1:8080)",
        DefaultValueFactory = _ => DefaultNodeUrl };

    /// <summary><c>--force</c>, on every command: submit a transaction even when the node's simulation says it would be refused.</summary>
    public static readonly Option<bool> ForceOption = new("--force")
    {
        Description = "Submit a transaction even when the node's simulation says it would be refused (an included refusal pays its fee)",
        Recursive = true,
    };

    /// <summary>Whether this run was given <c>--force</c> (set once by Program from the parsed command line).</summary>
    public static bool Force { get; set; }

    public static Command Create()
    {
        var tx = new Command("tx", "Sign and submit transactions");

        var from = new Option<string>("--from") { Description = "The sender's key file or dev account name", Required = true };
        var to = new Option<string>("--to") { Description = "The recipient: grid1… address, dev account name or key file", Required = true };
        var token = new Option<string>("--token") { Description = "WATT or GRID", Required = true };
        var amount = new Option<string>("--amount") { Description = "Amount in whole units, up to 6 decimals (e.g. 12.5)", Required = true };
        var fee = new Option<string>("--fee") { Description = "Fee in WATT (default: the chain's current minimum)" };
        var transfer = new Command("transfer", "Move GRID or WATT to another account") { from, to, token, amount, fee, NodeUrl };
        transfer.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            if (!TokenNames.TryParse(parse.GetValue(token), out var t)) throw new CliException("--token must be WATT or GRID");
            if (!Amount.TryParseUnits(parse.GetValue(amount), out var a)
                || a.IsZero) throw new CliException("--amount must be a positive number of units with at most 6 decimals");
            var recipient = KeyStore.ResolveAddress(parse.GetValue(to)!);
            return await SubmitAndWait(parse.GetValue(NodeUrl)!, parse.GetValue(from)!, parse.GetValue(fee), new TransferMessage(recipient, t, a), ct)
                .ConfigureAwait(false);
        }));
        tx.Subcommands.Add(transfer);
        return tx;
    }

    /// <summary>Signs <paramref name="message"/> with the sender's key at its next nonce, submits, waits
    /// for the block and prints the height; exit 0 when the message succeeded.</summary>
    public static async Task<int> SubmitAndWait(string nodeUrl, string keyOrName, string? feeText, IMessage message, CancellationToken ct)
    {
        using var client = new NodeClient(nodeUrl);
        var status = await client.StatusAsync(ct).ConfigureAwait(false);
        if (KeyStore.IsDevName(keyOrName) && !status.DevChain)
        {
            throw new CliException($"'{keyOrName}' is a dev account; its key is public and refused on the non-dev chain '{status.ChainId}'");
        }

        using var key = KeyStore.Load(keyOrName);
        var account = await client.AccountAsync(key.Address.ToString(), ct).ConfigureAwait(false);
        // Without --fee, pay the chain's current minimum (a governance parameter, so read, never assumed).
        var feeMicro = status.MinFee;
        if (feeText is not null)
        {
            if (!Amount.TryParseUnits(feeText, out var f)) throw new CliException("--fee must be a number of WATT with at most 6 decimals");
            feeMicro = f.Micro;
        }

        var nonce = account.Nonce;
        string hash;
        for (var attempt = 1; ; attempt++)
        {
            // Expires 1,000 blocks ahead: long enough to be included, short enough not to linger.
            var tx = Transaction.Sign(key, status.ChainId, nonce, feeMicro, status.Height + 1_000, message);
            // Simulated first, on the node's latest durable state: a transaction the chain would refuse is stopped here, before it
            // is submitted, so it costs nothing (docs/api.md, "Simulate before you submit").
            var simulated = await client.SimulateAsync(tx.Encoded, ct).ConfigureAwait(false);
            if (!simulated.Success && !simulated.Included && simulated.Code == GridForge.Runtime.RejectionCodes.NonceReplayed && attempt < MaxNonceAttempts)
            {
                nonce = Math.Max(nonce + 1, (await client.AccountAsync(key.Address.ToString(), ct).ConfigureAwait(false)).Nonce);
                continue;
            }

            if (!MaySubmit(simulated)) return 1;
            try
            {
                hash = await client.SubmitAsync(tx.Encoded, ct).ConfigureAwait(false);
                break;
            }
            catch (CliException e) when (e.Code == GridForge.Runtime.RejectionCodes.NonceReplayed && attempt < MaxNonceAttempts)
            {
                // Another transaction of this account (another program signing with the same key) waits in the mempool with this
                // nonce. Refused at admission, this one is nowhere and can never be included: signing the same message again at the
                // next nonce cannot submit it twice.
                Console.Error.WriteLine($"nonce {nonce} is taken by another pending transaction of {key.Address}; signing again at {nonce + 1}");
                nonce++;
            }
        }

        var result = await client.WaitAsync(hash, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        if (result.Status == "rejected")
        {
            Console.Error.WriteLine($"rejected before inclusion: {result.Code}: {result.Message}");
            return 1;
        }

        if (result.Success == true)
        {
            Console.WriteLine($"committed at height {result.Height} (tx {hash})");
            foreach (var line in Changes(result.Events)) Console.WriteLine(line);
            return 0;
        }

        Console.Error.WriteLine($"included at height {result.Height} but refused: {result.Code}: {result.Message} (the fee was paid)");
        return 1;
    }

    /// <summary>What a committed transaction created and changed, one line per event it emitted (an order's or proposal's id, a
    /// trade, a transfer, …), amounts named with their units: <c>  market order_placed: id 7, slot 1995004, …</c>.</summary>
    internal static IEnumerable<string> Changes(System.Text.Json.JsonElement? events)
    {
        if (events is not { ValueKind: System.Text.Json.JsonValueKind.Array } list) yield break;
        var any = false;
        foreach (var e in list.EnumerateArray())
        {
            any = true;
            var attributes = e.GetProperty("attributes").EnumerateObject().Select(a => $"{a.Name.Replace('_', ' ')} {Value(a.Value.GetString() ?? "")}");
            yield return $"  {e.GetProperty("module").GetString()} {e.GetProperty("kind").GetString()}: {string.Join(", ", attributes)}";
        }

        if (any) yield return "  (amounts in µ-units of their token — 1 WATT or GRID = 1,000,000 — prices in µWATT/kWh, energy in Wh)";
    }

    private static string Value(string text) =>
        Address.TryParse(text, out var a, out _) ? MarketCommand.Name(a.ToString()) : text;

    /// <summary>How many nonces <see cref="SubmitAndWait"/> tries when other transactions of the same account are pending.</summary>
    private const int MaxNonceAttempts = 32;

    /// <summary>False (after saying why) when the simulation refuses the transaction and --force is not given.</summary>
    private static bool MaySubmit(GridForge.Node.Api.SimulateResponse simulated)
    {
        if (!simulated.Success)
        {
            var cost = simulated.Included ? $"it would be included and pay its fee of {new Amount(simulated.Fee)} WATT" : "it would not be included";
            if (!Force)
            {
                Console.Error.WriteLine($"refused by the node's simulation: {simulated.Code}: {simulated.Message}");
                Console.Error.WriteLine($"nothing was submitted and no fee was paid ({cost}; --force submits it anyway)");
                return false;
            }

            Console.Error.WriteLine($"the node's simulation refuses it ({simulated.Code}: {simulated.Message}); submitting anyway (--force): {cost}");
        }

        return true;
    }
}
