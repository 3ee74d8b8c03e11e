using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge grid show|zone|link|fees|capacity</c>: print the grid, and change it with transactions
/// signed by the DSO's key.</summary>
internal static class GridCommand
{
    public static Command Create()
    {
        var grid = new Command("grid", "Show the grid (zones, links, fees, capacities) and change it as the DSO");
        grid.Subcommands.Add(Show());

        var zone = new Command("zone", "Add or remove a zone (DSO)");
        var zoneName = new Argument<string>("ZONE") { Description = "Zone name: 1 to 32 letters, digits, '-', '_' or '.'" };
        zone.Subcommands.Add(DsoTx("add", "Add a zone", [zoneName], p => new AddZoneMessage(new ZoneId(p.GetValue(zoneName)!))));
        var removeName = new Argument<string>("ZONE") { Description = "The zone to remove (no link and no active meter may use it)" };
        zone.Subcommands.Add(DsoTx("remove", "Remove a zone", [removeName], p => new RemoveZoneMessage(new ZoneId(p.GetValue(removeName)!))));
        grid.Subcommands.Add(zone);

        var link = new Command("link", "Add, change or remove a link between two zones (DSO)");
        var (from, to) = ZonePair();
        var fee = new Option<long>("--fee") { Description = "Base fee in µWATT per kWh", Required = true };
        var capacity = new Option<long>("--capacity") { Description = "Capacity in Wh per slot from FROM to TO", Required = true };
        var back = new Option<long?>("--capacity-back") { Description = "Capacity in Wh per slot from TO to FROM (default: --capacity)" };
        link.Subcommands.Add(DsoTx("set", "Add a link or change its fee and capacities", [from, to, fee, capacity, back], p =>
            new SetLinkMessage(new ZoneId(p.GetValue(from)!), new ZoneId(p.GetValue(to)!), new PricePerKwh(p.GetValue(fee)), new Wh(p.GetValue(capacity)),
                new Wh(p.GetValue(back) ?? p.GetValue(capacity)))));
        var (removeFrom, removeTo) = ZonePair();
        link.Subcommands.Add(DsoTx("remove", "Remove the link joining two zones, with its capacity overrides", [removeFrom, removeTo], p =>
            new RemoveLinkMessage(new ZoneId(p.GetValue(removeFrom)!), new ZoneId(p.GetValue(removeTo)!))));
        grid.Subcommands.Add(link);

        var local = new Option<long>("--local") { Description = "Fee for a trade within one zone, µWATT per kWh", Required = true };
        var congestion = new Option<long>("--congestion") { Description = "Congestion factor in permille (DESIGN Market rule 6)", Required = true };
        grid.Subcommands.Add(DsoTx("fees", "Set the local fee and the congestion factor (DSO)", [local, congestion], p =>
            new SetFeesMessage(new PricePerKwh(p.GetValue(local)), p.GetValue(congestion))));

        var (capFrom, capTo) = ZonePair();
        var first = new Option<long>("--first-slot") { Description = "First slot of the range (after the current slot)", Required = true };
        var last = new Option<long?>("--last-slot") { Description = "Last slot of the range, inclusive (default: --first-slot)" };
        var set = new Option<long?>("--capacity") { Description = "The capacity in Wh for each slot of the range" };
        var reset = new Option<bool>("--reset") { Description = "Return the range to the link's normal capacity" };
        var both = new Option<bool>("--both") { Description = "Set both directions (default: FROM to TO only)" };
        grid.Subcommands.Add(DsoTx("capacity", "Lower or raise a link's capacity for a range of future slots (DSO)",
            [capFrom, capTo, first, last, set, reset, both], p =>
        {
            if (p.GetValue(set) is null == !p.GetValue(reset)) throw new CliException("give either --capacity WH or --reset");
            return new SetCapacityMessage(new ZoneId(p.GetValue(capFrom)!), new ZoneId(p.GetValue(capTo)!), new SlotId(p.GetValue(first)),
                new SlotId(p.GetValue(last) ?? p.GetValue(first)), p.GetValue(set) is { } wh ? new Wh(wh) : null, p.GetValue(both));
        }));
        return grid;
    }

    private static (Argument<string> From, Argument<string> To) ZonePair() =>
        (new Argument<string>("FROM") { Description = "One end of the link (a zone)" }, new Argument<string>("TO") { Description = "The other end (a zone)" });

    public static Option<string> NodeOption() => new("--node") { Description = "The node's URL (default: $GRIDFORGE_NODE, else http://127.0.0.1:8080)",
        DefaultValueFactory = _ => TxCommand.DefaultNodeUrl };

    /// <summary>The signer of an admin transaction: the DSO's key file, or the dev name <c>dso</c>.</summary>
    public static Option<string> DsoKeyOption() => new("--from") { Description = "The DSO's key file (or dev name)", DefaultValueFactory = _ => "dso" };

    /// <summary>A subcommand that signs <paramref name="message"/> with the DSO's key, submits it and waits for its block.</summary>
    public static Command DsoTx(string name, string description, IEnumerable<Symbol> symbols, Func<ParseResult, IMessage> message)
    {
        var node = NodeOption();
        var signer = DsoKeyOption();
        var command = new Command(name, description) { node, signer };
        foreach (var s in symbols)
        {
            if (s is Argument a) command.Arguments.Add(a);
            else command.Options.Add((Option)s);
        }

        command.SetAction((parse, ct) => CliAction.RunAsync(() =>
            TxCommand.SubmitAndWait(parse.GetValue(node)!, parse.GetValue(signer)!, null, message(parse), ct)));
        return command;
    }

    private static Command Show()
    {
        var node = NodeOption();
        var slot = new Option<long?>("--slot") { Description = "Show the capacities in force for this slot (default: the normal ones)" };
        var json = new Option<bool>("--json") { Description = "Print the grid in the genesis/market-replay grid file shape" };
        var show = new Command("show", "Print zones, links, fees and capacity overrides") { node, slot, json };
        show.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var query = parse.GetValue(slot) is { } s ? $"?slot={s.ToString(CultureInfo.InvariantCulture)}" : "";
            var g = await NodeClient.GetOnceAsync<GridEndpoints.GridResponse>(parse.GetValue(node)!, "api/v1/grid" + query, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new GridGenesis
                {
                    Zones = [.. g.Zones.Select(z => z.Name)],
                    LocalFee = g.LocalFee,
                    CongestionPermille = g.CongestionPermille,
                    Links = [.. g.Links.Select(l => new GridGenesisLink { From = l.From, To = l.To, Fee = l.Fee, Capacity = l.CapacityForward, CapacityBack =
                        l.CapacityBackward })],
                }, GridGenesis.JsonOptions));
                return 0;
            }

            var overrides = await NodeClient.GetOnceAsync<List<GridEndpoints.OverrideResponse>>(parse.GetValue(node)!, "api/v1/grid/overrides", ct)
                .ConfigureAwait(false);
            Print(g, overrides);
            return 0;
        }));
        return show;
    }

    private static void Print(GridEndpoints.GridResponse g, IReadOnlyList<GridEndpoints.OverrideResponse> overrides)
    {
        AnsiConsole.MarkupLine($"[bold]Grid[/] at height {g.Height}: slots of {g.SlotSeconds} s, current slot {g.CurrentSlot}"
            + (g.Slot is { } s ? $", capacities of slot {s}" : ""));
        AnsiConsole.MarkupLine($"local fee {g.LocalFee:N0} µWATT/kWh, congestion factor {g.CongestionPermille:N0}‰");
        var zones = new Table().AddColumns("zone", "active meters");
        foreach (var z in g.Zones) zones.AddRow(Markup.Escape(z.Name), z.Meters.ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(zones);
        var links = new Table().AddColumns("from", "to", "fee µWATT/kWh", "capacity → Wh/slot", "capacity ← Wh/slot");
        foreach (var l in g.Links)
        {
            links.AddRow(Markup.Escape(l.From), Markup.Escape(l.To), l.Fee.ToString("N0", CultureInfo.InvariantCulture),
                l.CapacityForward.ToString("N0", CultureInfo.InvariantCulture), l.CapacityBackward.ToString("N0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(links);
        if (overrides.Count == 0) return;
        var table = new Table().AddColumns("from", "to", "first slot", "last slot", "capacity Wh/slot");
        foreach (var o in overrides)
        {
            table.AddRow(Markup.Escape(o.From), Markup.Escape(o.To), o.First.ToString(CultureInfo.InvariantCulture), o.Last
                .ToString(CultureInfo.InvariantCulture),
                o.Capacity.ToString("N0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.MarkupLine("[bold]capacity overrides[/]");
        AnsiConsole.Write(table);
    }
}
