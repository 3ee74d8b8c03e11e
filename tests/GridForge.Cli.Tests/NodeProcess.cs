using System.Diagnostics;
using System.Net.Http.Json;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests;

/// <summary>A `gridforge node --dev` child process on a loopback port, killable with SIGKILL. Without other arguments it
/// runs the bare dev chain (`--community 0`): the command tests' own transactions must not race a simulated community's.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log;
    private readonly List<string> _stdout;

    private NodeProcess(Process process, string url, System.Text.StringBuilder log, List<string> stdout)
    {
        _process = process;
        _log = log;
        _stdout = stdout;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Url { get; }

    public HttpClient Http { get; }

    /// <summary>What the node printed so far, stdout and stderr.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Each line the node wrote to stdout so far (JSON log lines: stdout is not a terminal).</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_log) return [.. _stdout];
        }
    }

    public static Task<NodeProcess> StartAsync(string dataDir, params string[] arguments)
    {
        var port = CliRunner.FreePort();
        // The embedded MQTT broker on a free port, never the default 1883 another process may use.
        string[] mqtt = arguments.Any(a => a.StartsWith("--mqtt", StringComparison.Ordinal)) ? [] : ["--mqtt", "127.0.0.1:0"];
        return LaunchAsync($"http://127.0.0.1:{port}",
            ["node", "--dev", "--data", dataDir, "--http", $"127.0.0.1:{port}", .. mqtt, .. arguments.Length == 0 ? ["--community", "0"] : arguments]);
    }

    /// <summary>`gridforge node --home HOME`, whose config says the API listens at <paramref name="url"/>.</summary>
    public static Task<NodeProcess> StartHomeAsync(string home, string url) => LaunchAsync(url, ["node", "--home", home]);

    private static async Task<NodeProcess> LaunchAsync(string url, string[] args)
    {
        var process = Process.Start(CliRunner.StartInfo(args))!;
        process.StandardInput.Close();
        // Drain the pipes so the child never blocks on a full buffer.
        var log = new System.Text.StringBuilder();
        var stdout = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
                if (e.Data is not null) stdout.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, url, log, stdout);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                lock (log) throw new InvalidOperationException($"the node exited with {process.ExitCode}: {log}");
            }
            try
            {
                var status = await node.Http.GetFromJsonAsync<StatusResponse>("api/v1/status");
                if (status is not null) return node;
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException("the node did not start listening");
            await Task.Delay(100);
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Gives the node's MQTT gateway account 10 WATT from alice for the readings' fees (a node without a community funds it
    /// with nothing) and returns the embedded broker's address.</summary>
    public async Task<string> FundMqttGatewayAsync()
    {
        var mqtt = (await Http.GetFromJsonAsync<MqttEndpoints.MqttStatusResponse>("api/v1/mqtt"))!;
        CliRunner.Ok("tx", "transfer", "--from", "alice", "--to", mqtt.Account!, "--token", "WATT", "--amount", "10", "--node", Url);
        return mqtt.Listen!;
    }

    /// <summary>SIGTERM, as systemd stops a service; returns the exit code once the node has exited.</summary>
    public int Terminate(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(timeout)) throw new TimeoutException($"the node did not stop within {timeout} of SIGTERM: {Log}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hook runs, exactly as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        Http.Dispose();
        _process.Dispose();
    }
}
