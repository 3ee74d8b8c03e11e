using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>Debian's Mosquitto for the tests: the <c>mosquitto_pub</c>/<c>mosquitto_sub</c> clients, and a <c>mosquitto</c> broker the
/// test starts on a free loopback port and stops. <c>.ci/run</c> installs them; on a machine without them the tests that need them
/// are skipped, except under CI, where they fail.</summary>
public sealed class Mosquitto : IDisposable
{
    public const string Broker = "/usr/sbin/mosquitto";
    public const string Pub = "/usr/bin/mosquitto_pub";
    public const string Sub = "/usr/bin/mosquitto_sub";
    public const string Passwd = "/usr/bin/mosquitto_passwd";

    private readonly Process _process;
    private readonly StringBuilder _log;

    private Mosquitto(Process process, int port, string directory, StringBuilder log)
    {
        _process = process;
        Port = port;
        Directory = directory;
        _log = log;
    }

    public int Port { get; }

    public string Directory { get; }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Skips the test where Mosquitto is not installed (fails it under CI, which installs it).</summary>
    public static void Require()
    {
        var installed = File.Exists(Broker) && File.Exists(Pub) && File.Exists(Sub);
        if (!installed && Environment.GetEnvironmentVariable("CI") is { Length: > 0 }) Assert.Fail(
            "Mosquitto is not installed: .ci/run installs mosquitto and mosquitto-clients");
        Skip.IfNot(installed, "needs Debian's mosquitto and mosquitto-clients (apt-get install mosquitto mosquitto-clients, as .ci/run does)");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts a broker on <paramref name="port"/> (a free one by default) with <paramref name="config"/> after the listener
    /// line; waits until it accepts connections.</summary>
    public static async Task<Mosquitto> StartAsync(string config = "allow_anonymous true\n", int? port = null, string? directory = null,
        string listenerOptions = "")
    {
        var p = port ?? FreePort();
        directory ??= System.IO.Directory.CreateTempSubdirectory("gridforge-mosquitto-").FullName;
        var conf = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(conf, $"listener {p} 127.0.0.1\n{listenerOptions}{config}");
        var psi = new ProcessStartInfo(Broker) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(conf);
        var process = Process.Start(psi)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new Mosquitto(process, p, directory, log);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"mosquitto exited: {broker.Log}");
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, p);
                return broker;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        broker.Dispose();
        throw new TimeoutException("mosquitto did not start listening");
    }

    /// <summary>Runs <c>mosquitto_pub</c> (QoS 1 by default) and returns its exit code and output.</summary>
    public static Task<(int Code, string Output)> PublishAsync(int port, string topic, string message, string version = "mqttv311", params string[] extra) =>
        RunAsync(Pub, ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", topic, "-m", message, "-q", "1", "-V",
            version, "-i", ClientId(), .. extra]);

    // MQTT 3.1.1 clients name themselves (MQTTnet refuses an empty id there, as the standard allows); a meter would use its meter id.
    private static string ClientId() => "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The JSON messages (outcomes) among what <c>mosquitto_sub</c> printed, one a line.</summary>
    public static List<System.Text.Json.JsonElement> JsonLines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{'))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>Starts <c>mosquitto_sub</c>, which prints <paramref name="count"/> messages (or exits after <paramref name="seconds"/>);
    /// returns once it has subscribed.</summary>
    public static async Task<Task<(int Code, string Output)>> SubscribeAsync(int port, string topic, int count, int seconds, string version = "mqttv311",
        params string[] extra)
    {
        var run = RunAsync(Sub, ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", topic, "-C",
            count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-W", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q", "1", "-V", version, "-i", ClientId(), .. extra]);
        // mosquitto_sub has no "subscribed" signal on its output; a short pause covers the connect and the SUBACK on loopback.
        await Task.Delay(700);
        return run;
    }

    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish");
        }

        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>Stops the broker at once (SIGKILL), as a crash or a pulled cable would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
