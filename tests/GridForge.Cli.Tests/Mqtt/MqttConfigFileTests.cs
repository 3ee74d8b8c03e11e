using GridForge.Cli.Meters;
using GridForge.Node.Mqtt;

namespace GridForge.Cli.Tests.Mqtt;

/// <summary><c>mqtt.config_file</c> (<c>--mqtt-config</c>): the broker's password and the client certificate's private key are secrets,
/// taken only from files their owner alone may read, as the node's and the validator's keys are.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MqttConfigFileTests : IDisposable
{
    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Readable = Owner | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private readonly string _dir = Directory.CreateTempSubdirectory("gridforge-mqtt-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text, UnixFileMode mode)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static ExternalBrokerOptions Apply(string path) => MqttConfigFile.Apply(path, ExternalBrokerOptions.Parse("mqtts://broker.example:8883"));

    [Fact]
    public void APasswordInAFileOthersMayRead_IsRefused_WithTheChmodThatFixesIt()
    {
        var path = Write("mqtt.json", """{"username":"gateway","password":"s3cret"}""", Readable);

        var refused = Assert.Throws<CliException>(() => Apply(path));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the broker's password must be owner-only", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APasswordInAnOwnerOnlyFile_IsTaken()
    {
        var options = Apply(Write("mqtt.json", """{"username":"gateway","password":"s3cret"}""", Owner));

        Assert.Equal(("gateway", "s3cret"), (options.Username, options.Password));
    }

    [Fact]
    public void AFileWithoutSecrets_MayBeReadable()
    {
        Write("ca.pem", "ca", Readable);

        var options = Apply(Write("mqtt.json", """{"username":"gateway","ca":"ca.pem","client_id":"dso-gateway"}""", Readable));

        Assert.Equal(Path.Combine(_dir, "ca.pem"), options.CaFile);
        Assert.Null(options.Password);
    }

    [Fact]
    public void AClientKeyOthersMayRead_IsRefused()
    {
        Write("gateway.pem", "cert", Readable);
        var key = Write("gateway.key", "key", Readable);

        var refused = Assert.Throws<CliException>(() => Apply(Write("mqtt.json", """{"cert":"gateway.pem","key":"gateway.key"}""", Readable)));

        Assert.Contains("the client certificate's private key must be owner-only", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {key}", refused.Message, StringComparison.Ordinal);
        File.SetUnixFileMode(key, Owner);
        Assert.Equal(key, Apply(Path.Combine(_dir, "mqtt.json")).KeyFile);
    }
}
