using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GridForge.Node.Api;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge energy balance ACCOUNT --slot …</c>: an account's metered and traded energy per slot.</summary>
internal static class EnergyCommand
{
    public static Command Create()
    {
        var energy = new Command("energy", "Energy balances per account and slot");
        var account = new Argument<string>("ACCOUNT") { Description = "grid1… address, dev account name or key file" };
        var slot = new Option<string>("--slot") { Description = "The slot: its number, or an ISO-8601 time inside it", Required = true };
        var toSlot = new Option<string?>("--to-slot") { Description = "Last slot of a range (prints the slots with energy)" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var node = GridCommand.NodeOption();
        var balance = new Command("balance", "Produced, consumed, bought, sold, delivered and imbalance (Wh) of an account in a slot or a range") { account,
            slot, toSlot, json, node };
        balance.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var url = parse.GetValue(node)!;
            var address = KeyStore.ResolveAddress(parse.GetValue(account)!);
            var slotSeconds = (await NodeClient.GetOnceAsync<GridEndpoints.GridResponse>(url, "api/v1/grid", ct).ConfigureAwait(false)).SlotSeconds;
            var first = MeterCommand.ParseSlot(parse.GetValue(slot)!, slotSeconds).Index;
            var balances = parse.GetValue(toSlot) is { } last
                ? await NodeClient.GetOnceAsync<List<MeteringEndpoints.EnergyBalanceResponse>>(url,
                    $"api/v1/energy/{address}?from={first}&to={MeterCommand.ParseSlot(last, slotSeconds).Index}", ct).ConfigureAwait(false)
                : [await NodeClient.GetOnceAsync<MeteringEndpoints.EnergyBalanceResponse>(url, $"api/v1/energy/{address}/{first}", ct).ConfigureAwait(false)];
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(balances, NodeClient.Json));
                return 0;
            }

            // Chosen to fit 80 columns: the slots' start times are in the heading.
            var table = new Table().AddColumns("slot", "produced", "consumed", "bought", "sold", "delivered", "imbalance");
            foreach (var b in balances)
            {
                string[] wh = [.. new[] { b.Produced, b.Consumed, b.Bought, b.Sold, b.Delivered, b.Imbalance }.Select(
                    v => v.ToString("N0", CultureInfo.InvariantCulture))];
                table.AddRow([b.Slot.ToString(CultureInfo.InvariantCulture), .. wh]);
            }

            string Start(long slot) => DateTimeOffset.FromUnixTimeSeconds(slot * slotSeconds).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var span = balances.Count == 0 ? "" : $", slots from {Start(balances.Min(b => b.Slot))} UTC";
            AnsiConsole.MarkupLine($"energy of {Markup.Escape(address.ToString())} in Wh{span}");
            AnsiConsole.Write(table);
            return 0;
        }));
        energy.Subcommands.Add(balance);
        return energy;
    }
}
