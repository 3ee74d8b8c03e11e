using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace GridForge.Node.Home;

/// <summary>A node's effective configuration and what loading it noticed.</summary>
public sealed record LoadedConfig(NodeConfig Config, IReadOnlyList<string> Warnings);

/// <summary>Builds the effective configuration with Microsoft.Extensions.Configuration, each layer over the one before:
/// the defaults, the home's <c>config.json</c>, <c>GRIDFORGE_*</c> environment variables (<c>__</c> between a section and
/// its key), then command-line flags. The file and the flags must name known keys; an unknown <c>GRIDFORGE_</c> variable
/// is a warning (other tools share the prefix).</summary>
public static class NodeConfigLoader
{
    public const string EnvironmentPrefix = "GRIDFORGE_";

    /// <summary>Variables of the prefix that GridForge's own tools read and that are not node configuration: the CLI's node
    /// address, the MQTT password of <c>meter simulate</c>, and the parent process a node started by the CLI (testnet run,
    /// bench) watches. A node's environment may hold them without a warning.</summary>
    public static readonly IReadOnlySet<string> ToolVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        NodeUrlVariable, MqttPasswordVariable, ParentPidVariable,
    };

    /// <summary>The node a CLI command talks to without <c>--node</c>.</summary>
    public const string NodeUrlVariable = "GRIDFORGE_NODE";

    /// <summary>The MQTT password of <c>meter simulate</c> when its config file has none.</summary>
    public const string MqttPasswordVariable = "GRIDFORGE_MQTT_PASSWORD";

    /// <summary>The process a node started by the CLI watches, stopping when it dies.</summary>
    public const string ParentPidVariable = "GRIDFORGE_PARENT_PID";

    /// <summary>Every key (sections joined by <c>.</c>, as the documentation writes them) with its default.</summary>
    public static IReadOnlyList<(string Key, string? Default, Type Type)> Keys() => [.. Walk(typeof(NodeConfig), new NodeConfig(), "")];

    private static IEnumerable<(string, string?, Type)> Walk(Type type, object instance, string prefix)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<ConfigurationKeyNameAttribute>() is not { } name) continue;
            var key = prefix + name.Name;
            var value = p.GetValue(instance);
            if (p.PropertyType.IsClass && p.PropertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(p.PropertyType))
            {
                foreach (var inner in Walk(p.PropertyType, value!, key + ".")) yield return inner;
            }
            else
            {
                yield return (key, Text(value), p.PropertyType);
            }
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        IEnumerable<string> list => list.Any() ? string.Join(",", list) : null,
        Enum e => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>The environment variable that overrides <paramref name="key"/> (e.g. <c>api.listen</c>).</summary>
    public static string VariableOf(string key) => EnvironmentPrefix + key.Replace(".", "__", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>Loads the configuration: <paramref name="file"/> (null: none), <paramref name="environment"/> (null: none;
    /// usually <see cref="Environment.GetEnvironmentVariables()"/>), <paramref name="flags"/> (keys as <c>api.listen</c>),
    /// over <paramref name="defaults"/>.</summary>
    public static LoadedConfig Load(string? file, IDictionary? environment, IReadOnlyDictionary<string, string?>? flags, NodeConfig? defaults = null)
    {
        var keys = Keys();
        var known = keys.Select(k => k.Key.Replace('.', ':')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // A list (p2p.persistent_peers) is an array in the file (entries key:0, key:1, …) and comma-separated in a variable,
        // which replaces the file's list whole.
        var lists = keys.Where(k => k.Type == typeof(List<string>)).Select(k => k.Key.Replace('.', ':')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var listOverrides = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var warnings = new List<string>();
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!File.Exists(file)) throw new NodeConfigException($"{file} does not exist");
            builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        if (environment is not null)
        {
            var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in environment)
            {
                var name = (string)entry.Key;
                if (!name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) || ToolVariables.Contains(name)) continue;
                var key = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
                if (lists.Contains(key))
                {
                    listOverrides[key] = [.. ((string?)entry.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
                }
                else if (known.Contains(key)) fromEnvironment[key] = (string?)entry.Value;
                else warnings.Add($"{name} is not a configuration key (ignored)");
            }

            builder.AddInMemoryCollection(fromEnvironment);
        }

        if (flags is not null)
        {
            builder.AddInMemoryCollection(flags.Where(f => f.Value is not null)
                .Select(f => new KeyValuePair<string, string?>(f.Key.Replace('.', ':'), f.Value)));
        }

        var config = defaults ?? new NodeConfig();
        try
        {
            var built = builder.Build();
            // Checked here rather than by the binder's ErrorOnUnknownConfiguration, which ignores ConfigurationKeyName.
            var unknown = built.AsEnumerable().Where(kv => kv.Value is not null && !known.Contains(kv.Key) && !IsListEntry(kv.Key, lists))
                .Select(kv => kv.Key.Replace(':', '.')).Order().ToList();
            if (unknown.Count > 0) throw new InvalidOperationException(
                $"unknown key{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)} (docs/operations.md lists them)");
            built.Bind(config);
            foreach (var (key, values) in listOverrides) SetList(config, key.Split(':'), values);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            var where = file is null ? "configuration" : file;
            throw new NodeConfigException($"{where}: {Describe(e)}");
        }

        // An empty value (a variable set to "") unsets an optional key.
        if (string.IsNullOrEmpty(config.ValidatorKeyFile)) config.ValidatorKeyFile = null;
        if (string.IsNullOrEmpty(config.Mqtt.Listen)) config.Mqtt.Listen = null;
        if (string.IsNullOrEmpty(config.Mqtt.Broker)) config.Mqtt.Broker = null;
        if (string.IsNullOrEmpty(config.Mqtt.ConfigFile)) config.Mqtt.ConfigFile = null;
        if (string.IsNullOrEmpty(config.Mqtt.GatewayKeyFile)) config.Mqtt.GatewayKeyFile = null;
        if (config.Problems() is { Count: > 0 } problems) throw new NodeConfigException(string.Join("; ", problems));
        return new LoadedConfig(config, warnings);
    }

    private static bool IsListEntry(string key, HashSet<string> lists)
    {
        var colon = key.LastIndexOf(':');
        return colon > 0 && key.AsSpan(colon + 1).ToString().All(char.IsAsciiDigit) && lists.Contains(key[..colon]);
    }

    private static void SetList(object target, string[] path, List<string> values)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var property = target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .First(p => string.Equals(p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name, path[i], StringComparison.OrdinalIgnoreCase));
            if (i == path.Length - 1) property.SetValue(target, values);
            else target = property.GetValue(target)!;
        }
    }

    private static string Describe(Exception e) => e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
}
