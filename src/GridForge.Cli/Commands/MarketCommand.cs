using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Matching.Replay;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Market;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary>`gridforge market`: `replay` runs one slot's order stream through the matching engine alone; `order`, `amend`
/// and `cancel` sign market transactions; `book`, `trades` and `orders` read the chain's market.</summary>
internal static class MarketCommand
{
    /// <summary>Exit code of a replay stopped by a malformed input line.</summary>
    public const int MalformedInput = 1;

    /// <summary>Exit code when a file cannot be read or the grid file is invalid.</summary>
    public const int BadFile = 2;

    public static Command Create()
    {
        var input = new Option<FileInfo>("--input")
        {
            Description = "The slot's orders, one JSON object per line (order, cancel, amend).",
            Required = true,
        };
        var grid = new Option<FileInfo?>("--grid")
        {
            Description = "The grid (zones, links, fees, capacities, price limit); without it one zone Z0, local fee 0.",
        };
        var replay = new Command("replay", "Run one slot's order stream through the matching engine and print its events as JSON lines, the final book last.");
        replay.Options.Add(input);
        replay.Options.Add(grid);
        replay.SetAction(parseResult =>
        {
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
            return Replay(parseResult.GetValue(input)!, parseResult.GetValue(grid), stdout, Console.Error);
        });

        var market = new Command("market", "The continuous double auction: place, amend and cancel orders, read books, trades and orders; replay order " +
            "streams through the engine");
        market.Subcommands.Add(replay);
        market.Subcommands.Add(Order());
        market.Subcommands.Add(Amend());
        market.Subcommands.Add(Cancel());
        market.Subcommands.Add(Book());
        market.Subcommands.Add(Trades());
        market.Subcommands.Add(Orders());
        return market;
    }

    internal static Option<string> FromOption() => new("--from") { Description = "The signer's key file or dev account name", Required = true };

    private static Option<string> SlotOption() => new("--slot") { Description =
        "The delivery slot: its number, next (the first whose book stays open a slot length more), +N (N slots after the current one), or an ISO-8601 time " +
        "inside it", Required = true };

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print the node's JSON instead of a table" };

    private static Command Order()
    {
        var from = FromOption();
        var slot = SlotOption();
        var side = new Option<string>("--side") { Description = "buy or sell", Required = true };
        var zone = new Option<string>("--zone") { Description = "The zone the energy is delivered in (buy) or fed in from (sell)", Required = true };
        var price = new Option<long>("--price") { Description = "µWATT per kWh (all-in for a buy; a market order's protection price); may be 0 or negative",
            Required = true };
        var quantity = new Option<long>("--quantity") { Description = "Wh", Required = true };
        var tif = new Option<string?>("--tif") { Description = "Time in force of a limit order: gtc (default), ioc or fok" };
        var type = new Option<string>("--type") { Description = "limit (default) or market (ioc at the protection price)", DefaultValueFactory = _ => "limit" };
        var fee = new Option<string?>("--fee") { Description = "Transaction fee in WATT (default: the chain's minimum)" };
        var node = GridCommand.NodeOption();
        var order = new Command("order", "Sign and submit an order for a delivery slot; prints the order as the chain recorded it")
            { from, slot, side, zone, price, quantity, tif, type, fee, node };
        order.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(node)!;
            if (!MarketNames.TryParseSide(parse.GetValue(side), out var s)) throw new CliException("--side must be buy or sell");
            var kind = parse.GetValue(type)?.Trim().ToUpperInvariant() switch
            {
                "LIMIT" => MarketNames.TryParseKind(parse.GetValue(tif) ?? "gtc", out var k) && k != OrderKind.Market ? k
                    : throw new CliException("--tif must be gtc, ioc or fok"),
                "MARKET" => parse.GetValue(tif) is null or "ioc" ? OrderKind.Market : throw new CliException("a market order is ioc; leave --tif out"),
                _ => throw new CliException("--type must be limit or market"),
            };
            var slotId = await ResolveSlot(url, parse.GetValue(slot)!, ct).ConfigureAwait(false);
            var message = new PlaceOrderMessage(slotId, s, kind, new ZoneId(parse.GetValue(zone)!), new PricePerKwh(parse.GetValue(price)),
                new Wh(parse.GetValue(quantity)));
            var code = await TxCommand.SubmitAndWait(url, parse.GetValue(from)!, parse.GetValue(fee), message, ct).ConfigureAwait(false);
            if (code != 0) return code;

            // The chain numbers orders; the signer's newest order in the slot is the one just placed.
            var owner = KeyStore.ResolveAddress(parse.GetValue(from)!);
            var mine = await NodeClient.GetOnceAsync<List<MarketEndpoints.OrderResponse>>(url, $"api/v1/market/accounts/{owner}/orders", ct)
                .ConfigureAwait(false);
            if (mine.Where(o => o.Slot == slotId.Index).MaxBy(o => o.Id) is { } placed)
            {
                Console.WriteLine($"order {placed.Id}: {placed.Side} {placed.Kind} {placed.Quantity:N0} Wh at {placed.Price:N0} µWATT/kWh in {placed.Zone}, " +
                    $"slot {placed.Slot}: " +
                    $"{placed.Status}{(placed.Reason == "none" ? "" : $" ({placed.Reason})")}, filled {placed.Filled:N0} Wh, remaining {placed.Remaining:N0} " +
                    $"Wh, escrow {placed.Escrow:N0} µWATT");
            }

            return 0;
        }));
        return order;
    }

    private static Argument<ulong> OrderArgument() => new("ORDER") { Description = "The order's id (as `market order` printed it)" };

    private static Command Amend()
    {
        var id = OrderArgument();
        var price = new Option<long?>("--price") { Description = "A new price, µWATT per kWh (the order re-enters the queue)" };
        var quantity = new Option<long?>("--quantity") { Description = "A new remaining quantity, Wh (lower at the same price keeps the order's place)" };
        return SignedCommand("amend", "Change a resting order's price and/or remaining quantity (Market rule 8)", [id, price, quantity], p =>
            p.GetValue(price) is null && p.GetValue(quantity) is null
                ? throw new CliException("give --price, --quantity or both")
                : new AmendOrderMessage(p.GetValue(id), p.GetValue(price) is { } np ? new PricePerKwh(np) : null,
                    p.GetValue(quantity) is { } nq ? new Wh(nq) : null));
    }

    private static Command Cancel()
    {
        var id = OrderArgument();
        return SignedCommand("cancel", "Cancel a resting order of yours; its escrow is released", [id], p => new CancelOrderMessage(p.GetValue(id)));
    }

    /// <summary>A subcommand that signs the message with <c>--from</c>'s key (through <see cref="TxCommand.SubmitAndWait"/>) and waits for its block.</summary>
    internal static Command SignedCommand(string name, string description, IEnumerable<Symbol> symbols,
        Func<ParseResult, Runtime.Transactions.IMessage> message)
    {
        var node = GridCommand.NodeOption();
        var from = FromOption();
        var command = new Command(name, description) { from, node };
        foreach (var s in symbols)
        {
            if (s is Argument a) command.Arguments.Add(a);
            else command.Options.Add((Option)s);
        }

        command.SetAction((parse, ct) => CliAction.RunAsync(() =>
            TxCommand.SubmitAndWait(parse.GetValue(node)!, parse.GetValue(from)!, null, message(parse), ct)));
        return command;
    }

    private static Command Book()
    {
        var slot = SlotOption();
        var zone = new Option<string?>("--zone") { Description = "Only this zone" };
        var json = JsonOption();
        var node = GridCommand.NodeOption();
        var book = new Command("book", "The depth of a slot's book per zone: bids and asks aggregated by price") { slot, zone, json, node };
        book.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(node)!;
            var slotId = await ResolveSlot(url, parse.GetValue(slot)!, ct).ConfigureAwait(false);
            var b = await NodeClient.GetOnceAsync<MarketEndpoints.BookResponse>(url, $"api/v1/market/slots/{slotId.Index}/book", ct).ConfigureAwait(false);
            var only = parse.GetValue(zone);
            if (only is not null && b.Zones.All(z => z.Zone != only)) throw new CliException($"slot {slotId.Index}'s book has no zone '{only}'");
            var zones = b.Zones.Where(z => only is null || z.Zone == only).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(b with { Zones = zones }, NodeClient.Json));
                return 0;
            }

            AnsiConsole.MarkupLine($"[bold]slot {b.Slot}[/]: book {b.Status}, {b.Resting:N0} resting orders, {b.Trades:N0} trades (µWATT/kWh, Wh)");
            foreach (var z in zones)
            {
                var table = new Table { Title = new TableTitle($"zone {Markup.Escape(z.Zone)}") }
                    .AddColumns("bid orders", "bid Wh", "bid price", "ask price", "ask Wh", "ask orders");
                for (var i = 0; i < Math.Max(z.Bids.Count, z.Asks.Count); i++)
                {
                    var bid = i < z.Bids.Count ? z.Bids[i] : null;
                    var ask = i < z.Asks.Count ? z.Asks[i] : null;
                    table.AddRow(N(bid?.Orders), N(bid?.Quantity), bid is null ? "" : $"[green]{N(bid.Price)}[/]", ask is null ? "" : $"[red]{N(ask.Price)}[/]",
                        N(ask?.Quantity), N(ask?.Orders));
                }

                if (z.Bids.Count + z.Asks.Count == 0) table.AddRow("", "", "(empty)", "", "", "");
                AnsiConsole.Write(table);
            }

            return 0;
        }));
        return book;
    }

    private static Command Trades()
    {
        var slot = SlotOption();
        var json = JsonOption();
        var node = GridCommand.NodeOption();
        var trades = new Command("trades", "The trades of a slot in trade order, with what each side pays per kWh and the delivery once settled") { slot, json,
            node };
        trades.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(node)!;
            var slotId = await ResolveSlot(url, parse.GetValue(slot)!, ct).ConfigureAwait(false);
            using var list = await NodeClient.GetOnceAsync<JsonDocument>(url, $"api/v1/market/slots/{slotId.Index}/trades", ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(list.RootElement.GetRawText());
                return 0;
            }

            AnsiConsole.MarkupLine($"[bold]slot {slotId.Index}[/]: {list.RootElement.GetArrayLength():N0} trades (µWATT/kWh, Wh)");
            AnsiConsole.Write(TradeTable(list.RootElement.EnumerateArray()));
            return 0;
        }));
        return trades;
    }

    private static Command Orders()
    {
        var account = new Argument<string>("ACCOUNT") { Description = "grid1… address, dev account name or key file" };
        var json = JsonOption();
        var node = GridCommand.NodeOption();
        var orders = new Command("orders", "An account's orders, oldest first, with status, fill and escrow") { account, json, node };
        orders.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var address = KeyStore.ResolveAddress(parse.GetValue(account)!);
            var list = await NodeClient.GetOnceAsync<List<MarketEndpoints.OrderResponse>>(parse.GetValue(node)!, $"api/v1/market/accounts/{address}/orders", ct)
                .ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(list, NodeClient.Json));
                return 0;
            }

            // Chosen to fit 80 columns (zone, remaining and escrow are in `market order`'s line and --json).
            var table = new Table().AddColumns("order", "slot", "side", "price", "Wh", "filled", "status");
            foreach (var o in list.OrderBy(o => o.Id))
            {
                table.AddRow(o.Id.ToString(CultureInfo.InvariantCulture), I(o.Slot), $"{o.Side} {o.Kind}", N(o.Price),
                    N(o.Quantity), N(o.Filled), o.Reason == "none" ? o.Status : $"{o.Status} ({o.Reason})");
            }

            AnsiConsole.MarkupLine($"orders of {Markup.Escape(address.ToString())} (prices µWATT/kWh, energy Wh)");
            AnsiConsole.Write(table);
            return 0;
        }));
        return orders;
    }

    /// <summary>Trades as the API lists them (slot trades or an account's), one row each.</summary>
    internal static Table TradeTable(IEnumerable<JsonElement> trades)
    {
        // Chosen to fit 80 columns: the trade as SLOT:SEQ (what `dispute open --trade` takes), the buyer's all-in price (price + grid fee);
        // the orders, the fee and the escrows are in --json.
        var table = new Table().AddColumns("trade", "buyer", "seller", "zones", "Wh", "price", "buyer pays", "delivered");
        foreach (var t in trades)
        {
            long L(string name) => t.GetProperty(name).GetInt64();
            var settled = t.TryGetProperty("settlement", out var s) && s.ValueKind == JsonValueKind.Object ? N(s.GetProperty("delivered").GetInt64())
                : "not yet";
            table.AddRow($"{I(L("slot"))}:{I(L("seq"))}", Markup.Escape(Name(t.GetProperty("buyer").GetString()!)),
                Markup.Escape(Name(t.GetProperty("seller").GetString()!)),
                    Markup.Escape($"{t.GetProperty("sellZone").GetString()}→{t.GetProperty("buyZone").GetString()}"),
                N(L("quantity")), N(L("price")), N(L("buyerPrice")), settled);
        }

        return table;
    }

    /// <summary>A dev account's name, or the start and end of an address.</summary>
    internal static string Name(string address) =>
        Address.TryParse(address, out var a, out _) && Core.Crypto.DevAccounts.NameOf(a) is { } name ? name : address.Length > 16
            ? $"{address[..10]}…{address[^4..]}" : address;

    internal static string N(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "";

    /// <summary>An id or slot number, without group separators.</summary>
    internal static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A slot given as its number, or as a time inside it (the slot length is the node's).</summary>
    internal static async Task<SlotId> ResolveSlot(string nodeUrl, string text, CancellationToken ct)
    {
        if (!text.StartsWith('+') && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)) return new SlotId(index);
        var grid = await NodeClient.GetOnceAsync<GridEndpoints.GridResponse>(nodeUrl, "api/v1/grid", ct).ConfigureAwait(false);
        if (text.StartsWith('+') && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var ahead)) return new SlotId(
            grid.CurrentSlot + ahead);
        if (text == "next")
        {
            // The first slot whose book stays open at least one more slot length: an order signed now still finds it open.
            var parameters = await NodeClient.GetOnceAsync<List<GovernanceEndpoints.ParamResponse>>(nodeUrl, "api/v1/governance/params", ct)
                .ConfigureAwait(false);
            var gate = parameters.Single(p => p is { Module: "market", Name: "gate_closure_s" }).Value;
            var status = await NodeClient.GetOnceAsync<StatusResponse>(nodeUrl, "api/v1/status", ct).ConfigureAwait(false);
            var now = status.LatestTime ?? (grid.CurrentSlot * grid.SlotSeconds);
            var next = grid.CurrentSlot + 1;
            while ((next * grid.SlotSeconds) - gate < now + grid.SlotSeconds) next++;
            return new SlotId(next);
        }

        return MeterCommand.ParseSlot(text, grid.SlotSeconds);
    }

    /// <summary>Replays <paramref name="input"/> into <paramref name="output"/>; problems go to <paramref name="error"/> and the exit code.</summary>
    internal static int Replay(FileInfo input, FileInfo? gridFile, TextWriter output, TextWriter error)
    {
        MarketGrid? grid = null;
        try
        {
            if (gridFile is not null && !GridFile.TryParse(File.ReadAllText(gridFile.FullName), out grid, out var problem))
            {
                error.WriteLine($"error: {gridFile.Name}: {problem}");
                return BadFile;
            }

            using var reader = new StreamReader(input.FullName, Encoding.UTF8);
            var failure = MarketReplay.Run(reader, output, grid);
            output.Flush();
            if (failure is not null)
            {
                error.WriteLine($"error: {input.Name}: {failure}");
                return MalformedInput;
            }

            return 0;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadFile;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadFile;
        }
    }
}
