using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Core.Crypto;
using GridForge.Node.Mqtt;

namespace GridForge.Cli.Meters;

/// <summary><c>node --mqtt-config FILE</c>: the external broker's credentials and certificates, kept off the command line (docs/meters-mqtt.md):
/// <c>{"username":…,"password":…,"ca":"ca.pem","cert":"gateway.pem","key":"gateway.key","client_id":…}</c>, every field optional; the
/// password may come from the environment variable <c>GRIDFORGE_MQTT_PASSWORD</c> instead.</summary>
internal static class MqttConfigFile
{
    public const string PasswordVariable = GridForge.Node.Home.NodeConfigLoader.MqttPasswordVariable;

    private sealed record Config(
        [property: JsonPropertyName("username")] string? Username,
        [property: JsonPropertyName("password")] string? Password,
        [property: JsonPropertyName("ca")] string? Ca,
        [property: JsonPropertyName("cert")] string? Cert,
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("client_id")] string? ClientId);

    public static ExternalBrokerOptions Apply(string path, ExternalBrokerOptions options)
    {
        if (!File.Exists(path)) throw new CliException($"no MQTT config file '{path}'", 2);
        Config config;
        try
        {
            config = JsonSerializer.Deserialize<Config>(File.ReadAllText(path),
                new JsonSerializerOptions { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow })
                ?? throw new CliException($"{path} is empty", 2);
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not an MQTT config (username, password, ca, cert, key, client_id): {e.Message}", 2);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? file) => file is null ? null : File.Exists(Path.Combine(directory, file)) ? Path.Combine(directory, file)
            : throw new CliException($"{path}: no file '{file}'", 2);
        if ((config.Cert is null) != (config.Key is null)) throw new CliException($"{path}: a client certificate needs both cert and key", 2);
        if (config.Password is not null && KeyFile.NotOwnerOnly(path, "a file that holds the broker's password") is { } open)
        {
            throw new CliException($"{open} (or leave the password out of it and set {PasswordVariable})", 2);
        }

        var key = Resolve(config.Key);
        if (key is not null && KeyFile.NotOwnerOnly(key, "the client certificate's private key") is { } keyOpen) throw new CliException(keyOpen, 2);
        if ((config.Ca ?? config.Cert) is not null && !options.Tls) throw new CliException($"{path}: certificates need an mqtts:// broker", 2);
        return options with
        {
            Username = config.Username,
            Password = config.Password ?? Environment.GetEnvironmentVariable(PasswordVariable),
            CaFile = Resolve(config.Ca),
            CertFile = Resolve(config.Cert),
            KeyFile = key,
            ClientId = config.ClientId,
        };
    }
}
