using System.CommandLine;
using GridForge.Cli.Bench;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge bench tps|state|restart|readings|mqtt|orders|network|simulate</c>: the options of each load; the loads
/// and what they share (the machine's limit, timing, the report) are in <see cref="GridForge.Cli.Bench"/> (docs/architecture.md).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure the node on this machine");
        bench.Subcommands.Add(Tps());
        bench.Subcommands.Add(State());
        bench.Subcommands.Add(Restart());
        bench.Subcommands.Add(Readings());
        bench.Subcommands.Add(Mqtt());
        bench.Subcommands.Add(Orders());
        bench.Subcommands.Add(Network());
        bench.Subcommands.Add(Simulate());
        return bench;
    }

    /// <summary>A bench subcommand: its options, and the load it runs through the harness.</summary>
    private static Command Load(string name, string description, Func<ParseResult, IBenchLoad> load, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var o in options) command.Options.Add(o);
        command.SetAction((parse, ct) => BenchHarness.RunAsync(() => load(parse), ct));
        return command;
    }

    private static Option<int> Count(string name, string description, int value) => new(name) { Description = description, DefaultValueFactory = _ => value };

    private static Command Tps()
    {
        var accounts = Count("--accounts", "Sending accounts", 2_000);
        var perAccount = Count("--per-account",
            "Transfers each account sends (default 150: 300,000 in all, long enough that the first and last block intervals weigh little)", 150);
        var batch = Count("--batch", "Transactions per API batch", 2_000);
        var clients = Count("--clients", "Concurrent submitting clients", 2);
        return Load("tps", "Flood a dev node with signed transfers through the REST API; print committed tx/s beside this machine's Ed25519 " +
            "verification rate",
            p => new TpsLoad(p.GetValue(accounts), p.GetValue(perAccount), p.GetValue(batch), p.GetValue(clients)),
            accounts, perAccount, batch, clients);
    }

    private static Command State()
    {
        var accounts = Count("--accounts", "Funded accounts", 1_000_000);
        return Load("state", "Resident memory of a node holding N funded accounts, and the time it takes to restart",
            p => new StateLoad(p.GetValue(accounts)), accounts);
    }

    private static Command Restart()
    {
        var data = new Option<string>("--data") { Description = "Data directory of an existing chain", Required = true };
        return Load("restart", "Open an existing chain as a restarting node does; print the time and resident memory",
            p => new RestartLoad(p.GetValue(data)!), data);
    }

    private static Command Readings()
    {
        var meters = Count("--meters", "Registered meters (each with its own key and owner)", 10_000);
        var slots = Count("--slots", "Readings per meter: the slots that ended most recently (at most 20)", 10);
        var perTx = Count("--per-tx", "Readings per transaction (at most 450)", SubmitReadingsMessage.ReadingsPerTransaction);
        var batch = Count("--batch", "Transactions per REST request", 25);
        var clients = Count("--clients", "Concurrent gateways, each submitting its share of the meters", 2);
        return Load("readings", "Register meters on a dev node, pre-sign their readings, submit them through POST /api/v1/metering/readings; " +
            "print readings/s beside this machine's Ed25519 verification rate",
            p => new ReadingsLoad(p.GetValue(meters), p.GetValue(slots), p.GetValue(perTx), p.GetValue(batch), p.GetValue(clients)),
            meters, slots, perTx, batch, clients);
    }

    private static Command Mqtt()
    {
        var meters = Count("--meters", "Registered meters, each publishing its own signed readings", 10_000);
        var slots = Count("--slots", "Readings per meter: the slots that ended most recently (at most 20)", 10);
        var connections = Count("--connections", "MQTT connections the meters share (as data concentrators)", 100);
        var inFlight = Count("--in-flight", "Unacknowledged publishes per connection", 100);
        var outcomes = new Option<bool>("--outcomes") { Description =
            "The meters also subscribe to their outcome topics (the broker then delivers an outcome per reading)" };
        return Load("mqtt", "Meters publish signed readings through the node's embedded MQTT broker into blocks; print readings/s committed beside "
            + "this machine's Ed25519 verification rate",
            p => new MqttLoad(p.GetValue(meters), p.GetValue(slots), p.GetValue(connections), p.GetValue(inFlight), p.GetValue(outcomes)),
            meters, slots, connections, inFlight, outcomes);
    }

    private static Command Orders()
    {
        Option<int>[] o =
        [
            Count("--traders", "Funded traders; every other one is a seller with a production meter", 4_000),
            Count("--per-trader", "Orders each trader signs", 25),
            Count("--slots", "Delivery slots the orders spread over (one book each), starting an hour ahead", 2),
            Count("--batch", "Transactions per binary batch request", 2_000),
            Count("--clients", "Concurrent submitting clients", 2),
        ];
        return Load("orders", "Signed limit orders (both sides, four zones, crossing sometimes) through a dev node; print orders/s committed " +
            "beside the matching engine's rate on the same stream and this machine's Ed25519 verification rate",
            p => new OrdersLoad(p.GetValue(o[0]), p.GetValue(o[1]), p.GetValue(o[2]), p.GetValue(o[3]), p.GetValue(o[4])), o);
    }

    private static Command Network()
    {
        var validators = Count("--validators", "Validator processes", 4);
        var accounts = Count("--accounts", "Sending accounts (each sends through one node, in nonce order)", 4_000);
        var rate = Count("--rate", "Transfers offered per second, over all nodes", 6_000);
        var seconds = Count("--seconds", "How long transfers are offered", 30);
        var interval = Count("--block-interval-ms", "The network's auth.block_interval_ms", 500);
        var keep = new Option<bool>("--keep") { Description = "Keep the network's directory, with each node's node.log (its path is printed)" };
        var warmUp = Count("--warm-up", "Seconds of transfers (at most 1,000/s) through every node before the timed phases", 10);
        var share = Count("--latency-share", "The finality phase offers this percentage of the throughput phase's committed rate", 70);
        var latencySeconds = Count("--latency-seconds", "How long the finality phase offers transfers", 15);
        return Load("network", "Run N validators as processes on loopback, offer signed transfers to all of them; print committed tx/s, " +
            "finality p50/p99 below saturation and the ratio to the machine's verification rate ÷ N",
            p => new NetworkLoad(p.GetValue(validators), p.GetValue(accounts), p.GetValue(rate), p.GetValue(seconds), p.GetValue(interval), p.GetValue(keep),
                p.GetValue(warmUp), p.GetValue(share), p.GetValue(latencySeconds)),
            validators, accounts, rate, seconds, interval, keep, warmUp, share, latencySeconds);
    }

    private static Command Simulate()
    {
        var households = Count("--households", "Households in the generated community", 10_000);
        var days = Count("--days", "Days (96 slots each)", 1);
        var seed = new Option<long>("--seed") { Description = "Seed of the generated community", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Also write the outputs here (timed separately)" };
        return Load("simulate", "Time gridforge simulate on a generated community (default 10,000 households × 96 slots; target ≤ 60 s)",
            p => new SimulateLoad(p.GetValue(households), p.GetValue(days), p.GetValue(seed), p.GetValue(output)),
            households, days, seed, output);
    }
}
