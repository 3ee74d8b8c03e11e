using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests.Network;

/// <summary>Issue 17, Build: <c>gridforge init</c>, <c>gridforge testnet</c> and <c>gridforge testnet run</c> as an operator
/// types them (the README's two commands for a local network).</summary>
[Collection(NetworkCollection.Name)]
public sealed partial class TestnetCommandTests
{
    [Fact]
    public async Task TestnetWritesAReadyNetwork_TestnetRunStartsEveryNode_AndTheNodesStopWithIt()
    {
        var dir = CliRunner.TempDir();
        var net = Path.Combine(dir, "net");
        var pids = new List<int>();
        Process? runner = null;
        try
        {
            var urls = CliRunner.Ok("testnet", "--validators", "2", "--full-nodes", "1", "--out", net, "--block-interval-ms", "300")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(3, urls.Length);
            Assert.All(urls, u => Assert.Matches(@"^http://127\.0\.0\.1:\d+$", u));
            Assert.True(File.Exists(Path.Combine(net, "node0", "validator_key.json")) && File.Exists(Path.Combine(net, "node1", "validator_key.json")));
            Assert.False(File.Exists(Path.Combine(net, "node2", "validator_key.json")), "node2 is a full node");
            Assert.True(File.Exists(Path.Combine(net, "accounts", "alice.json")));

            runner = Process.Start(CliRunner.StartInfo("testnet", "run", net))!;
            runner.StandardInput.Close();
            var log = new System.Text.StringBuilder();
            void Line(string? text)
            {
                if (text is null) return;
                lock (log) log.AppendLine(text);
                if (StartedLine().Match(text) is { Success: true } m) lock (
                    pids) pids.Add(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }

            runner.OutputDataReceived += (_, e) => Line(e.Data);
            runner.ErrorDataReceived += (_, e) => Line(e.Data);
            runner.BeginOutputReadLine();
            runner.BeginErrorReadLine();

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                var heights = await Task.WhenAll(urls.Select(async u =>
                {
                    try
                    {
                        return (await http.GetFromJsonAsync<StatusResponse>($"{u}/api/v1/status"))!.Height;
                    }
                    catch (HttpRequestException)
                    {
                        return 0UL;
                    }
                }));
                if (heights.All(h => h >= 2)) break;
                lock (log) Assert.True(DateTime.UtcNow < deadline, $"the network did not reach height 2 (at {string.Join(",", heights)}):\n{log}");
                await Task.Delay(200);
            }

            Assert.Equal(3, pids.Count);

            // A transfer submitted to the full node reaches the validators and is committed.
            var accounts = Path.Combine(net, "accounts");
            var sent = CliRunner.Ok("tx", "transfer", "--from", Path.Combine(accounts, "alice.json"), "--to", Path.Combine(accounts, "bob.json"),
                "--token", "WATT", "--amount", "5", "--node", urls[2]);
            Assert.Contains("committed", sent, StringComparison.Ordinal);

            // The runner dies without a word (SIGKILL): its nodes notice and stop on their own.
            runner.Kill(entireProcessTree: false);
            await runner.WaitForExitAsync();
            var stopBy = DateTime.UtcNow.AddSeconds(30);
            while (pids.Any(Alive) && DateTime.UtcNow < stopBy) await Task.Delay(200);
            Assert.False(pids.Any(Alive), "a node outlived testnet run");
        }
        finally
        {
            foreach (var pid in pids.Where(Alive))
            {
                using var p = Process.GetProcessById(pid);
                p.Kill(entireProcessTree: true);
            }

            if (runner is { HasExited: false }) runner.Kill(entireProcessTree: true);
            runner?.Dispose();
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Node_WithAConfigValueOutOfRange_SaysEachProblemNamingItsKey_AndExitsTwo_BeforeAnythingStarts()
    {
        var dir = CliRunner.TempDir();
        try
        {
            var home = Path.Combine(dir, "home");
            CliRunner.Ok("init", "--home", home, "--validator", "--p2p", "127.0.0.1:26998");
            File.WriteAllText(Path.Combine(home, "config.json"), """
                { "p2p": { "max_inbound_peers": -1, "persistent_peers": ["nobody"] }, "consensus": { "propose_ms": 0 } }
                """);
            var bad = CliRunner.Run("node", "--home", home);
            Assert.Equal(2, bad.ExitCode);
            Assert.Equal("error: p2p.persistent_peers: 'nobody' is not id@host:port; p2p.max_inbound_peers must be from 0 to 1000, not -1; " +
                "consensus.propose_ms must be from 1 to 3600000, not 0", bad.Stderr.Trim());
            Assert.False(Directory.Exists(Path.Combine(home, "data")), "nothing was opened");

            var badListen = CliRunner.Run("init", "--home", Path.Combine(dir, "other"), "--p2p", "nowhere");
            Assert.Equal(2, badListen.ExitCode);
            Assert.Contains("p2p.listen must be ip:port", badListen.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "other")), "a refused init leaves nothing behind");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Init_MakesAnOwnerOnlyHome_AndRefusesAHomeTwice_ABadPeer_AndFlagsBesideHome()
    {
        var dir = CliRunner.TempDir();
        try
        {
            var home = Path.Combine(dir, "home");
            var printed = CliRunner.Ok("init", "--home", home, "--validator", "--p2p", "127.0.0.1:26999", "--moniker", "dso-north");
            Assert.Matches(@"node id\s+[0-9a-f]{40}", printed);
            Assert.Matches(@"validator\s+grid1", printed);
            Assert.Contains("genesis     none yet", printed, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, "validator_key.json")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home, "node_key.json")));
            }

            var again = CliRunner.Run("init", "--home", home);
            Assert.NotEqual(0, again.ExitCode);
            Assert.Contains("already a node home", again.Stderr, StringComparison.Ordinal);

            var badPeer = CliRunner.Run("init", "--home", Path.Combine(dir, "other"), "--peer", "not-a-peer");
            Assert.NotEqual(0, badPeer.ExitCode);
            Assert.Contains("id@host:port", badPeer.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "other")), "a refused init leaves nothing behind");

            var noGenesis = CliRunner.Run("node", "--home", home);
            Assert.NotEqual(0, noGenesis.ExitCode);
            Assert.Contains("genesis.json is missing", noGenesis.Stderr, StringComparison.Ordinal);

            var mixed = CliRunner.Run("node", "--home", home, "--dev");
            Assert.NotEqual(0, mixed.ExitCode);
            Assert.Contains("drop --dev", mixed.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task TwoOrganisations_InitTheirOwnHomes_AGenesisOfTheirAddresses_AndTheirNodesMakeBlocksTogether()
    {
        var dir = CliRunner.TempDir();
        NodeProcess? a = null, b = null;
        try
        {
            var ports = GridForge.Node.Home.Testnet.FreeLoopbackPorts(4);
            var (homeA, homeB) = (Path.Combine(dir, "a"), Path.Combine(dir, "b"));
            var printedA = CliRunner.Ok("init", "--home", homeA, "--validator", "--p2p", $"127.0.0.1:{ports[0]}", "--http", $"127.0.0.1:{ports[1]}");
            var idA = NodeIdLine().Match(printedA).Groups[1].Value;
            var printedB = CliRunner.Ok("init", "--home", homeB, "--validator", "--p2p", $"127.0.0.1:{ports[2]}", "--http", $"127.0.0.1:{ports[3]}", "--peer",
                $"{idA}@127.0.0.1:{ports[0]}");
            var (validatorA, validatorB) = (ValidatorLine().Match(printedA).Groups[1].Value, ValidatorLine().Match(printedB).Groups[1].Value);

            var genesis = Path.Combine(dir, "genesis.json");
            CliRunner.Ok("genesis", "--out", genesis, "--chain-id", "gridforge-two-orgs", "--validator", validatorA, "--validator", validatorB,
                "--dso", validatorA, "--issuer", validatorB, "--block-interval-ms", "300");
            var twice = CliRunner.Run("genesis", "--out", genesis, "--chain-id", "gridforge-two-orgs", "--validator", validatorA, "--dso", validatorA,
                "--issuer", validatorB);
            Assert.Contains("refusing to overwrite", twice.Stderr, StringComparison.Ordinal);
            var dev = CliRunner.Run("genesis", "--out", Path.Combine(dir, "dev.json"), "--chain-id", "gridforge-dev", "--validator", validatorA, "--dso",
                validatorA, "--issuer", validatorB);
            Assert.Contains("dev chain id", dev.Stderr, StringComparison.Ordinal);

            File.Copy(genesis, Path.Combine(homeA, "genesis.json"));
            File.Copy(genesis, Path.Combine(homeB, "genesis.json"));
            a = await NodeProcess.StartHomeAsync(homeA, $"http://127.0.0.1:{ports[1]}");
            b = await NodeProcess.StartHomeAsync(homeB, $"http://127.0.0.1:{ports[3]}");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                var heights = await Task.WhenAll(new[] { a, b }.Select(async n => (await n.Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!));
                if (heights.All(s => s.Height >= 2))
                {
                    Assert.All(heights, s => Assert.Equal(2, s.Validators.Count));
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"no height 2 in 120 s:\n{a.Log}\n{b.Log}");
                await Task.Delay(200);
            }

            var hashA = (await a.Http.GetFromJsonAsync<BlockResponse>("api/v1/blocks/2"))!.Header.Hash;
            var hashB = (await b.Http.GetFromJsonAsync<BlockResponse>("api/v1/blocks/2"))!.Header.Hash;
            Assert.Equal(hashA, hashB);
        }
        finally
        {
            a?.Dispose();
            b?.Dispose();
            Directory.Delete(dir, true);
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"node id\s+([0-9a-f]{40})")]
    private static partial Regex NodeIdLine();

    [GeneratedRegex(@"validator\s+(grid1[0-9a-z]+)")]
    private static partial Regex ValidatorLine();

    [GeneratedRegex(@"^\[node\d+\] started \(pid (\d+)\)")]
    private static partial Regex StartedLine();
}
