using System.CommandLine;
using GridForge.Chain;
using GridForge.Cli.Community;
using GridForge.Cli.Meters;
using GridForge.Core.Crypto;
using System.Net;
using GridForge.Node;
using GridForge.Node.Observability;
using Microsoft.Extensions.Logging;
using GridForge.Node.Home;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Genesis;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge node</c>: run a node (a one-validator dev network with <c>--dev</c>).</summary>
internal static class NodeCommand
{
    /// <summary>Households in the dev community unless <c>--community</c> says otherwise.</summary>
    public const int DefaultCommunity = 36;

    /// <summary>Set by <c>testnet run</c>: the node stops when that process is gone.</summary>
    public const string ParentPidVariable = GridForge.Node.Home.NodeConfigLoader.ParentPidVariable;

    public static Command Create()
    {
        var options = new NodeConfigOptions();
        var dev = new Option<bool>("--dev") { Description =
            "Run a one-validator dev network with the well-known dev accounts and a simulated community (--community)" };
        var speed = new Option<int>("--speed")
        {
            Description = $"With --dev: run the chain's clock N times faster than real time (1…{ScaledClock.MaxSpeed}; 96 turns a day into 15 minutes)",
            DefaultValueFactory = _ => 1,
        };
        var community = new Option<int>("--community")
        {
            Description = $"With --dev: simulate a community of N households (0…{CommunityKeys.MaxMembers}; 0: none) that meter and trade through the API " +
                $"(docs/community.md)",
            DefaultValueFactory = _ => DefaultCommunity,
        };
        var node = new Command("node", "Run a GridForge node (configuration: --home DIR/config.json, GRIDFORGE_* variables, flags; docs/operations.md; a home "
            + "made by gridforge init or testnet runs a networked node, docs/network.md)") { dev, speed, community };
        foreach (var option in options.All()) node.Options.Add(option);
        node.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            // A home with a node key (made by gridforge init or testnet) is a validator or full node of a network: peers,
            // consensus and sync come from its config.json (docs/network.md); any other home only configures this command.
            if (parse.GetValue(options.Home) is { } homePath && IsNetworkHome(homePath))
            {
                var others = options.All().Where(o => o != options.Home).Concat([dev, speed, community])
                    .Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
                if (others.Count > 0) throw new CliException($"--home takes everything from the home's config.json; drop {string.Join(", ", others)}", 2);
                return await RunHomeAsync(homePath, ct).ConfigureAwait(false);
            }

            var isDev = parse.GetValue(dev);
            var (config, _, warnings) = options.Load(parse);
            var dataDir = config.DataDir;
            var clockSpeed = parse.GetValue(speed);
            if (clockSpeed is < 1 or > ScaledClock.MaxSpeed) throw new CliException($"--speed must be 1 to {ScaledClock.MaxSpeed}", 2);
            if (clockSpeed != 1 && !isDev) throw new CliException("--speed runs only with --dev: a real network's blocks carry real time", 2);
            var households = parse.GetValue(community);
            if (households is < 0 or > CommunityKeys.MaxMembers) throw new CliException($"--community must be 0 to {CommunityKeys.MaxMembers}", 2);
            if (parse.GetResult(community) is { Implicit: false } && households > 0 && !isDev) throw new CliException("--community runs only with --dev", 2);
            // The MQTT flags are checked before anything is read or started.
            var (gateway, mqttNote) = MqttOptions(isDev, config.Mqtt.Listen, config.Mqtt.Broker, config.Mqtt.ConfigFile,
                config.Mqtt.GatewayKeyFile is { } keyFile ? () => KeyStore.Load(keyFile) : null);
            using var gatewaySigner = gateway?.Key;
            GenesisDocument? doc = null;
            // A dev node makes its own genesis; it reads a genesis file only when told to on the command line.
            var readGenesis = isDev ? NodeConfigOptions.Given(parse, options.Genesis) : !ChainNode.Exists(dataDir);
            if (readGenesis)
            {
                if (!File.Exists(config.GenesisFile)) throw new CliException(
                    $"{config.GenesisFile} does not exist: a new data directory needs the network's genesis file (--genesis or genesis_file)");
                doc = GenesisDocument.Parse(File.ReadAllText(config.GenesisFile));
            }
            else if (isDev && !ChainNode.Exists(dataDir))
            {
                doc = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            }

            var validatorKey = config.ValidatorKeyFile is { } keyPath ? KeyStore.Load(keyPath) : isDev ? DevAccounts.Key("validator") : null;
            var chainOptions = new ChainOptions
            {
                MempoolMaxCount = config.Mempool.MaxTransactions,
                MempoolMaxBytes = config.Mempool.MaxBytes,
                MempoolMaxPerAccount = config.Mempool.MaxPerAccount,
            };
            ChainNode chain;
            try
            {
                chain = ChainNode.Open(dataDir, doc, validatorKey, chainOptions);
            }
            catch (InvalidOperationException e)
            {
                throw new CliException(e.Message);
            }

            if (isDev && !chain.Runtime.IsDevChain)
            {
                chain.Dispose();
                throw new CliException($"{dataDir} holds the non-dev chain '{chain.ChainId}'; --dev runs only dev chains");
            }

            var url = "http://" + config.Api.Listen;
            // Chain time = max(now, latest block) + real elapsed × speed: a dev chain that ran fast never goes back in time.
            TimeProvider clock = isDev ? ScaledClock.ForChain(chain.Head?.Time ?? chain.GenesisTime, clockSpeed) : TimeProvider.System;
            NodeHost startedHost;
            try
            {
                var hostOptions = new NodeHostOptions { LogFormat = config.Log.Format, MinFreeBytes = config.Storage.MinFreeBytes };
                startedHost = await NodeHost.StartAsync(chain, url, produceBlocks: validatorKey is not null, config.Log.Level, clock, gateway, hostOptions)
                    .ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                chain.Dispose();
                throw new CliException($"the MQTT broker cannot listen at {gateway?.Listen}: {e.Message}");
            }

            await using var host = startedHost;
            foreach (var warning in warnings) host.Logger.LogWarning(LogEvents.ConfigWarning, "configuration: {Warning}", warning);
            host.LogStarted();
            // On a terminal, the banner for people; elsewhere every line of output is a JSON log event.
            var json = NodeLogging.Resolve(config.Log.Format) == LogFormat.Json;
            var output = json ? NodeLogging.LineWriter(host.Logger) : Console.Out;
            output.WriteLine($"GridForge node: chain {chain.ChainId} at height {chain.Height}, data in {dataDir}");
            output.WriteLine($"Dashboard  {host.Url}/   (wallet, market, energy, grid, governance, explorer: docs/dashboard.md)");
            output.WriteLine($"API   {host.Url}/api/v1/status   (OpenAPI: {host.Url}/api/v1/openapi.json)   Metrics  {host.Url}/metrics   Health  " +
                $"{host.Url}/health/ready");
            WriteMqttLine(host.Mqtt, mqttNote, output);

            if (clock is ScaledClock scaled && (scaled.Speed != 1 || scaled.Start > DateTimeOffset.UtcNow.AddSeconds(5)))
            {
                output.WriteLine($"Clock: chain time runs {scaled.Speed}× real time from {scaled.Start:yyyy-MM-dd HH:mm} UTC (a day every " +
                    $"{DayIn(scaled.Speed)})");
            }
            if (chain.Runtime.IsDevChain)
            {
                output.WriteLine($"Dev accounts (keys derived from their names, see docs/dev-chain.md): {string.Join(", ", DevAccounts.Names)}");
                output.WriteLine($"Try:  ./gridforge tx transfer --from alice --to bob --token WATT --amount 12.5 --node {host.Url}");
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task? simulation = null;
            using var client = new NodeClient(host.Url);
            // The dev community gives the gateway's account its fee money; otherwise the node says so (it signs nothing for it at start:
            // a DSO transfer then would race the nonces of whoever uses the DSO's key).
            var communityFunds = isDev && households > 0 && validatorKey is not null;
            if (host.Mqtt is { } gatewayOf && !communityFunds
                && (await client.AccountAsync(gatewayOf.Account.ToString(), stop.Token).ConfigureAwait(false)).Watt.Free < CommunitySimulator.GatewayLow)
            {
                var from = isDev ? "alice" : "KEY";
                output.WriteLine($"MQTT  the gateway's account holds less than 1 WATT for the readings' fees; fund it, e.g. ./gridforge tx transfer --from " +
                    $"{from} --to {gatewayOf.Account} --token WATT --amount 10 --node {host.Url}");
            }
            // The community's meters publish over MQTT through the embedded broker (over REST when the node runs none).
            var communityBroker = host.Mqtt?.Endpoint is { } mqttEndpoint ? $"mqtt://127.0.0.1:{mqttEndpoint.Port}" : null;
            var communityOutput = json ? NodeLogging.LineWriter(host.LoggerFactory.CreateLogger("GridForge.Community")) : Console.Out;
            using var simulator = communityFunds ? new CommunitySimulator(client, CommunityPlan.Members(households), communityOutput, communityBroker) : null;
            if (simulator is not null)
            {
                try
                {
                    await simulator.StartAsync(stop.Token).ConfigureAwait(false);
                    output.WriteLine(simulator.Introduction(host.Url));
                    if (clockSpeed > 600)
                    {
                        output.WriteLine("Note: above --speed 600 blocks are further apart than the contracts' 10-minute lead time, so they skip some slots " +
                            "(docs/community.md).");
                    }

                    simulation = simulator.RunAsync(stop.Token);
                }
                catch (CliException e)
                {
                    host.Logger.LogWarning(LogEvents.NodeNotice, "community: not started: {Reason} (the node runs on without it)", e.Message);
                }
            }

            if (!json) output.WriteLine("Ctrl+C stops the node.");
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            if (simulation is not null) await simulation.ConfigureAwait(false);
            // SIGTERM and Ctrl+C are the normal way to stop a node: the shutdown (host.DisposeAsync) is clean, so exit 0.
            return 0;
        }));
        return node;
    }

    private static bool IsNetworkHome(string path)
    {
        var file = Path.Combine(path, NodeConfig.FileName);
        if (!File.Exists(file)) return false;
        try
        {
            return File.Exists(Path.Combine(path, NodeConfig.Load(file).NodeKeyFile));
        }
        catch (NodeConfigException)
        {
            return false;
        }
    }

    private static async Task<int> RunHomeAsync(string path, CancellationToken ct)
    {
        NetworkedNode running;
        MqttGatewayOptions? gateway = null;
        var mqttNote = "";
        try
        {
            var home = NodeHome.Open(path);
            // The MQTT gateway of a DSO's node (docs/meters-mqtt.md): the mqtt.* keys as for the flags, files relative to the home.
            var mqtt = home.Config.Mqtt;
            (gateway, mqttNote) = MqttOptions(isDev: false, mqtt.Listen, mqtt.Broker, mqtt.ConfigFile is { } file ? home.Resolve(file) : null,
                mqtt.GatewayKeyFile is null ? null : () => home.LoadGatewayKey()!);
            running = await NetworkedNode.StartAsync(home, gateway).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NodeHomeException or GridForge.Network.Transport.NetworkConfigException or InvalidOperationException)
        {
            gateway?.Key.Dispose();
            throw new CliException(e.Message);
        }
        catch (System.Net.Sockets.SocketException e) when (gateway?.Listen is not null)
        {
            gateway.Key.Dispose();
            throw new CliException($"the MQTT broker cannot listen at {gateway.Listen} (mqtt.listen): {e.Message}");
        }
        catch
        {
            gateway?.Key.Dispose();
            throw;
        }

        using var gatewayKey = gateway?.Key;

        await using (running.ConfigureAwait(false))
        {
            var chain = running.Chain;
            running.Api.LogStarted();
            // As on a dev node: the banner for people on a terminal; elsewhere every line of output is a JSON log event.
            var json = NodeLogging.Resolve(running.Home.Config.Log.Format) == LogFormat.Json;
            var output = json ? NodeLogging.LineWriter(running.Api.Logger) : Console.Out;
            output.WriteLine($"GridForge node {running.Home.Config.Moniker}: chain {chain.ChainId} at height {chain.Height}, home {running.Home.Path}");
            output.WriteLine($"P2P   {running.P2pAddress}   ({running.Api.Role})");
            output.WriteLine($"API   {running.Api.Url}/api/v1/status   (network: {running.Api.Url}/api/v1/network)   Metrics  {running.Api.Url}/metrics   " +
                $"Health  {running.Api.Url}/health/ready");
            WriteMqttLine(running.Api.Mqtt, mqttNote, output);
            if (!json) output.WriteLine("Ctrl+C stops the node.");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watcher = WatchParentAsync(stop);
            try
            {
                await running.Api.WaitForShutdownAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Under <c>testnet run</c>: cancels <paramref name="stop"/> once the parent process is gone.</summary>
    private static async Task WatchParentAsync(CancellationTokenSource stop)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(ParentPidVariable), out var pid)) return;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(1_000, stop.Token).ConfigureAwait(false);
                try
                {
                    using var parent = System.Diagnostics.Process.GetProcessById(pid);
                    if (parent.HasExited) break;
                }
                catch (ArgumentException)
                {
                    break;
                }
            }

            if (!stop.IsCancellationRequested) Console.Error.WriteLine("the testnet runner is gone: stopping");
            await stop.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string DayIn(int speed)
    {
        var day = TimeSpan.FromSeconds(86_400.0 / speed);
        return day.TotalHours >= 1 ? $"{day.TotalHours:0.#} h" : day.TotalMinutes >= 1 ? $"{day.TotalMinutes:0.#} min" : $"{day.TotalSeconds:0} s";
    }

    /// <summary>Where meters publish, for the banner of a node that runs the MQTT gateway.</summary>
    private static void WriteMqttLine(MqttGateway? gateway, string note, TextWriter output)
    {
        if (gateway is null) return;
        var where = gateway.Endpoint is { } ep ? $"mqtt://{ep} (embedded broker{note})" : $"client of {gateway.BrokerAddress}";
        output.WriteLine($"MQTT  {where}: meters publish to gridforge/meters/{{meter}}/readings, hear outcomes on …/outcomes (docs/meters-mqtt.md); " +
            $"gateway account {gateway.Account} pays the fees");
    }

    /// <summary>The embedded broker's address on a dev node unless <c>--mqtt</c> says otherwise.</summary>
    public const string DevMqtt = "127.0.0.1:1883";

    /// <summary>The MQTT gateway's settings from the flags or the <c>mqtt.*</c> keys: an external broker (<c>--mqtt-broker</c>, with
    /// <c>--mqtt-config</c>), the embedded broker at <c>--mqtt</c>, on a dev node at <see cref="DevMqtt"/> (or a free port when taken),
    /// or none. <paramref name="loadKey"/> reads the gateway's key (<c>--gateway-key</c>) when one is named.</summary>
    private static (MqttGatewayOptions? Options, string Note) MqttOptions(bool isDev, string? listen, string? broker, string? configPath,
        Func<SigningKey>? loadKey)
    {
        if (listen == "off")
        {
            if (broker is not null) throw new CliException("--mqtt off and --mqtt-broker contradict each other (mqtt.listen, mqtt.broker)", 2);
            return (null, "");
        }

        if (broker is not null && listen is not null) throw new CliException(
            "--mqtt runs the embedded broker, --mqtt-broker uses another one (mqtt.listen, mqtt.broker): give one of them", 2);
        if (broker is null && listen is null && !isDev)
        {
            if (configPath is not null || loadKey is not null) throw new CliException(
                "--mqtt-config and --gateway-key (mqtt.config_file, mqtt.gateway_key_file) need --mqtt or --mqtt-broker (mqtt.listen, mqtt.broker)", 2);
            return (null, "");
        }

        if (loadKey is null && !isDev) throw new CliException(
            "the MQTT gateway needs --gateway-key (mqtt.gateway_key_file): the account that signs the readings' batches and pays their fees", 2);
        // Everything is read and checked before the key is loaded: a refusal leaves no key in memory to dispose.
        SigningKey Key() => loadKey is not null ? loadKey() : CommunityKeys.Account(CommunityKeys.GatewayName);
        if (broker is not null)
        {
            ExternalBrokerOptions options;
            try
            {
                options = ExternalBrokerOptions.Parse(broker);
            }
            catch (FormatException e)
            {
                throw new CliException($"--mqtt-broker: {e.Message}", 2);
            }

            if (configPath is not null) options = MqttConfigFile.Apply(configPath, options);
            return (new MqttGatewayOptions { Broker = options, Key = Key() }, "");
        }

        if (configPath is not null) throw new CliException("--mqtt-config (mqtt.config_file) configures an external broker (--mqtt-broker, mqtt.broker)", 2);
        var endpoint = ParseEndpoint(listen ?? DevMqtt);
        var note = "";
        if (ListenProblem(endpoint) is { } problem)
        {
            // Said before anything starts (a node of a network would otherwise have opened its chain and met its peers first).
            if (listen is not null) throw new CliException($"the MQTT broker cannot listen at {endpoint} (--mqtt, mqtt.listen): {problem}", 2);
            note = $"; {DevMqtt} was taken";
            endpoint = new IPEndPoint(endpoint.Address, 0);
        }

        return (new MqttGatewayOptions { Listen = endpoint, Key = Key() }, note);
    }

    // The peer listener's reading of ip:port (or localhost:port): one parser for every listen address a node has.
    private static IPEndPoint ParseEndpoint(string text) => GridForge.Network.Transport.P2pServer.TryParseEndpoint(text, out var endpoint) ? endpoint!
        : throw new CliException($"--mqtt (mqtt.listen) takes HOST:PORT (an IP address, or localhost), e.g. {DevMqtt}, or 'off'", 2);

    /// <summary>Why nothing can listen at <paramref name="endpoint"/> now (the port taken, an address not of this machine), or null.</summary>
    private static string? ListenProblem(IPEndPoint endpoint)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpListener(endpoint);
            probe.Start();
            return null;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return e.Message;
        }
    }
}
