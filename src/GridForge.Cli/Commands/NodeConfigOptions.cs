using System.CommandLine;
using GridForge.Node.Home;

namespace GridForge.Cli.Commands;

/// <summary>The flags that locate a node's home and override its configuration, shared by <c>node</c>, <c>config show</c>,
/// <c>backup</c> and <c>storage</c>: each flag is one configuration key (docs/operations.md).</summary>
internal sealed class NodeConfigOptions
{
    public Option<string?> Home { get; } = new("--home") { Description =
        "The node's home directory: its config.json (optional) and the files it names, relative to it" };

    public Option<string?> Data { get; } = new("--data") { Description = "Data directory (data_dir; default: data in the home, .gridforge/dev without one)" };

    public Option<string?> Http { get; } = new("--http") { Description = "API listen address host:port (api.listen; default 127.0.0.1:8080)" };

    public Option<string?> Genesis { get; } = new("--genesis") { Description = "Genesis file (genesis_file; needed without --dev on a new data directory)" };

    public Option<string?> ValidatorKey { get; } = new("--validator-key") { Description =
        "This node's validator key file (validator_key_file; without --dev)" };

    public Option<string?> LogFormat { get; } = new("--log-format") { Description =
        "auto (text on a terminal, JSON lines otherwise), json or text (log.format)" };

    public Option<string?> LogLevel { get; } = new("--log-level") { Description =
        "trace, debug, information, warning, error or critical (log.level; default information)" };

    public Option<string?> Mqtt { get; } = new("--mqtt")
    {
        Description = $"Run the embedded MQTT broker for meters at HOST:PORT, or 'off' (mqtt.listen). With --dev it runs at {NodeCommand.DevMqtt} by default " +
            $"(on a free port when that one is taken)",
    };

    public Option<string?> MqttBroker { get; } = new("--mqtt-broker") { Description =
        "Take the meters' readings from an external broker instead: mqtt://host[:port] or mqtts://host[:port] (mqtt.broker; docs/meters-mqtt.md)" };

    public Option<string?> MqttConfig { get; } = new("--mqtt-config") { Description =
        "A JSON file with the external broker's username, password, ca, cert, key and client_id (mqtt.config_file)" };

    public Option<string?> GatewayKey { get; } = new("--gateway-key") { Description =
        "The MQTT gateway's account key file: it signs the readings' batches and pays their fees (mqtt.gateway_key_file; with --dev: the community's gateway " +
        "account)" };

    /// <summary>All of them, or only those that place the data (for commands that do not run a node).</summary>
    public IEnumerable<Option> All(bool withNodeFlags = true) =>
        withNodeFlags ? [Home, Data, Http, Genesis, ValidatorKey, LogFormat, LogLevel, Mqtt, MqttBroker, MqttConfig, GatewayKey] : [Home, Data];

    /// <summary>The effective configuration: defaults, the home's config.json, GRIDFORGE_* variables, then these flags.
    /// Relative paths are resolved: from the file and the environment against the home (the working directory without
    /// one), from flags against the working directory.</summary>
    public (NodeConfig Config, string? Home, IReadOnlyList<string> Warnings) Load(ParseResult parse)
    {
        var home = parse.GetValue(Home) is { } h ? Path.GetFullPath(h) : null;
        if (home is not null && !Directory.Exists(home)) throw new CliException($"{home} does not exist: create the node's home first (docs/operations.md)");
        var file = home is not null && File.Exists(Path.Combine(home, NodeConfig.FileName)) ? Path.Combine(home, NodeConfig.FileName) : null;
        var flags = new Dictionary<string, string?>
        {
            ["data_dir"] = Full(parse.GetValue(Data)),
            ["genesis_file"] = Full(parse.GetValue(Genesis)),
            ["validator_key_file"] = Full(parse.GetValue(ValidatorKey)),
            ["api.listen"] = parse.GetValue(Http),
            ["log.format"] = parse.GetValue(LogFormat),
            ["log.level"] = parse.GetValue(LogLevel),
            ["mqtt.listen"] = parse.GetValue(Mqtt),
            ["mqtt.broker"] = parse.GetValue(MqttBroker),
            ["mqtt.config_file"] = Full(parse.GetValue(MqttConfig)),
            ["mqtt.gateway_key_file"] = Full(parse.GetValue(GatewayKey)),
        };
        try
        {
            var loaded = NodeConfigLoader.Load(file, Environment.GetEnvironmentVariables(), flags,
                new NodeConfig { DataDir = home is null ? Path.Combine(".gridforge", "dev") : "data" });
            var config = loaded.Config;
            var root = home ?? Directory.GetCurrentDirectory();
            config.DataDir = Path.GetFullPath(config.DataDir, root);
            config.GenesisFile = Path.GetFullPath(config.GenesisFile, root);
            if (config.ValidatorKeyFile is { } key) config.ValidatorKeyFile = Path.GetFullPath(key, root);
            if (config.Mqtt.ConfigFile is { } mqttConfig) config.Mqtt.ConfigFile = Path.GetFullPath(mqttConfig, root);
            if (config.Mqtt.GatewayKeyFile is { } gatewayKey) config.Mqtt.GatewayKeyFile = Path.GetFullPath(gatewayKey, root);
            return (config, home, loaded.Warnings);
        }
        catch (NodeConfigException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>True when <paramref name="option"/> was given on the command line.</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
}
