using System.CommandLine;
using System.Globalization;
using GridForge.Cli.Commands;
using GridForge.Cli.Community;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;

namespace GridForge.Cli.Meters;

/// <summary><c>gridforge meter simulate --broker mqtt://… --meters N [--speed S]</c>: the dev community's first N households' meters
/// (docs/community.md: their keys, solar, wind and load profiles) publish a signed reading of every slot over MQTT, each on its own
/// connection, as real meters would, and report what they hear back.</summary>
internal static class MeterSimulateCommand
{
    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description =
            "The broker the meters publish to: mqtt://host[:port] (the node's embedded broker, or a DSO's)", Required = true };
        var meters = new Option<int>("--meters") { Description = $"How many meters: the dev community's member-01 … (1…{CommunityKeys.MaxMembers})",
            DefaultValueFactory = _ => 36 };
        var speed = new Option<int>("--speed") { Description = "The meters' clock runs S times faster than real time (without --node)", DefaultValueFactory =
            _ => 1 };
        var chain = new Option<string>("--chain") { Description = "The chain the readings are signed for", DefaultValueFactory = _ => "gridforge-dev" };
        var node = new Option<string?>("--node") { Description =
            "Follow this node's chain time (latest block) instead of a clock, and start from the meters' registers on chain" };
        var register = new Option<bool>("--register") { Description =
            "With --node, on a dev chain: have the dev DSO register the meters (and the community's zones) it lacks" };
        var slots = new Option<int>("--slots") { Description = "Stop after this many slots (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var connections = new Option<int>("--connections") { Description = "MQTT connections the meters share (default: one per meter)", DefaultValueFactory =
            _ => 0 };
        var simulate = new Command("simulate", "Simulated meters publish signed readings of every slot over MQTT (the dev community's profiles); prints what " +
            "they hear back")
            { broker, meters, speed, chain, node, register, slots, connections };
        simulate.SetAction((parse, ct) => CliAction.RunAsync(
            () => RunAsync(parse.GetValue(broker)!, parse.GetValue(meters), parse.GetValue(speed), parse.GetValue(chain)!,
            parse.GetValue(node), parse.GetValue(register), parse.GetValue(slots), parse.GetValue(connections), ct)));
        return simulate;
    }

    private static async Task<int> RunAsync(string broker, int count, int speed, string chainId, string? nodeUrl, bool register, int slotLimit, int connections,
        CancellationToken ct)
    {
        if (count is < 1 or > CommunityKeys.MaxMembers) throw new CliException($"--meters must be 1 to {CommunityKeys.MaxMembers}", 2);
        if (speed is < 1 or > 3_600) throw new CliException("--speed must be 1 to 3,600", 2);
        if (register && nodeUrl is null) throw new CliException("--register needs --node", 2);
        var members = CommunityPlan.Members(count);
        var meters = members.Select(m => new SimulatedMeter(CommunityKeys.Meter(m.Name))).ToArray();
        using var client = nodeUrl is null ? null : new NodeClient(nodeUrl);
        long slotSeconds = 900;
        Func<Task<long>> now;
        if (client is not null)
        {
            var status = await client.StatusAsync(ct).ConfigureAwait(false);
            chainId = status.ChainId;
            slotSeconds = (await client.GetAsync<GridEndpoints.GridResponse>("api/v1/grid", ct).ConfigureAwait(false)).SlotSeconds;
            if (register) await RegisterAsync(client, members, meters, status, ct).ConfigureAwait(false);
            for (var i = 0; i < meters.Length; i++)
            {
                var record = await client.FindAsync<MeteringEndpoints.MeterResponse>($"api/v1/meters/{meters[i].Id}", ct).ConfigureAwait(false)
                    ?? throw new CliException($"{members[i].Name}'s meter {meters[i].Id} is not registered on this chain (--register registers it on a dev " +
                        $"chain)");
                meters[i].Resync(record.ImportRegister, record.ExportRegister);
            }

            now = async () => (await client.StatusAsync(ct).ConfigureAwait(false)).LatestTime ?? 0;
        }
        else
        {
            var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var started = System.Diagnostics.Stopwatch.StartNew();
            now = () => Task.FromResult(start + (long)(started.Elapsed.TotalSeconds * speed));
        }

        await using var fleet = await MeterFleet.ConnectAsync(broker, [.. meters.Select(m => m.Id)], connections > 0 ? connections : count, ct)
            .ConfigureAwait(false);
        Console.WriteLine($"{count} meters (member-01 … {CommunityKeys.NameOf(count)}) publish to {broker} for chain {chainId}; Ctrl+C stops them.");
        var last = (await now().ConfigureAwait(false) / slotSeconds) - 2;
        var done = 0;
        while (!ct.IsCancellationRequested && (slotLimit == 0 || done < slotLimit))
        {
            var ended = (await now().ConfigureAwait(false) / slotSeconds) - 1;
            if (ended <= last)
            {
                await Task.Delay(200, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            // Readings of the slot that ended last (a long pause skips the older ones, as a meter that lost its data would).
            last = ended;
            var readings = members.Select((m, i) =>
            {
                var energy = m.Actual(ended, slotSeconds);
                return meters[i].Read(chainId, new SlotId(ended), energy.ImportedWh, energy.ExportedWh);
            }).ToList();
            var acknowledged = await Task.WhenAll(readings.Select(r => fleet.PublishAsync(chainId, r, ct))).ConfigureAwait(false);
            done++;
            var heard = fleet.TakeOutcomes();
            var refused = heard.FirstOrDefault(o => !o.Accepted);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.FromUnixTimeSeconds(ended * slotSeconds):MM-dd HH:mm} slot {ended}: {readings.Count} published, " +
                $"{acknowledged.Count(a => a)} acknowledged"
                + $" · outcomes so far: {fleet.Accepted} accepted, {fleet.Refused} refused{(refused is null ? "" : $" (e.g. {refused.Code}: " +
                    $"{refused.Reason})")}"));
        }

        // The last slot's outcomes come once its batch is on chain: wait a little for them.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (fleet.Accepted + fleet.Refused < (long)done * count && DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            await Task.Delay(100, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Console.WriteLine($"{fleet.Acknowledged} readings acknowledged; {fleet.Accepted} accepted and {fleet.Refused} refused on chain so far");
        return fleet.Refused == 0 && fleet.RefusedByBroker == 0 ? 0 : 1;
    }

    /// <summary>On a dev chain: the community's zones and the meters the chain lacks, registered by the dev DSO.</summary>
    private static async Task RegisterAsync(NodeClient client, IReadOnlyList<CommunityMember> members, SimulatedMeter[] meters, StatusResponse status,
        CancellationToken ct)
    {
        if (!status.DevChain) throw new CliException($"--register uses the dev DSO's key: dev chains only, not '{status.ChainId}'");
        using var dso = DevAccounts.Key("dso");
        var tx = new SignedSubmitter(client);
        await tx.BeginAsync(ct).ConfigureAwait(false);
        await CommunitySimulator.AddZonesAsync(tx, dso, await client.GetAsync<GridEndpoints.GridResponse>("api/v1/grid", ct).ConfigureAwait(false),
            members.Count, ct).ConfigureAwait(false);
        for (var i = 0; i < members.Count; i++)
        {
            await CommunitySimulator.EnsureMeterAsync(client, tx, dso, members[i], meters[i].Id, CommunityKeys.AccountAddress(members[i].Name), ct)
                .ConfigureAwait(false);
        }

        await tx.WaitAllAsync(ct).ConfigureAwait(false);
        if (tx.Failures.Count > 0) throw new CliException($"registering the meters failed: {string.Join("; ", tx.Failures)}");
    }
}
