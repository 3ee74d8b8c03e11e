using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Chain.Verification;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests;

/// <summary>Operating a node as a real process: JSON logs, SIGTERM, backup under load and restore, config show.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Logs_AreJsonLines_WithEventIds_AndTheRequestIdOnApiLogs()
    {
        var data = CliRunner.TempDir();
        string requestId;
        IReadOnlyList<string> lines;
        using (var node = await NodeProcess.StartAsync(data, "--community", "0", "--log-level", "debug"))
        {
            var response = await node.Http.GetAsync("api/v1/blocks/latest");
            requestId = response.Headers.GetValues("X-Request-Id").Single();
            await Task.Delay(1500);
            Assert.Equal(0, node.Terminate(TimeSpan.FromSeconds(60)));
            lines = node.StdoutLines;
        }

        Assert.NotEmpty(lines);
        var events = JsonLog.Parse(lines);
        int[] ids = [.. events.Select(e => e.GetProperty("EventId").GetInt32())];
        Assert.Contains(1000, ids);
        Assert.Contains(1100, ids);
        Assert.Contains(1002, ids);
        var request = events.Single(e => e.GetProperty("EventId").GetInt32() == 1200
            && e.GetProperty("State").GetProperty("Route").GetString() == "/api/v1/blocks/{id}");
        Assert.Equal(requestId, JsonLog.RequestId(request));
        Assert.DoesNotContain(lines, l => l.Contains("seed", StringComparison.OrdinalIgnoreCase) || l.Contains("private", StringComparison.OrdinalIgnoreCase));
        Directory.Delete(data, true);
    }

    [Fact]
    public async Task Sigterm_FinishesTheBlock_ClosesTheStore_AndExitsZero()
    {
        var data = CliRunner.TempDir();
        var committed = new ConcurrentDictionary<string, ulong>();
        int exit;
        string log;
        using (var node = await NodeProcess.StartAsync(data))
        {
            using var stop = new CancellationTokenSource();
            var load = await TransferLoad.StartAsync(node, committed, stop.Token);
            await TransferLoad.UntilCommittedAsync(committed, 200, DateTime.UtcNow.AddSeconds(40));
            // SIGTERM while transfers stream in and blocks are being made.
            exit = node.Terminate(TimeSpan.FromSeconds(60));
            await stop.CancelAsync();
            await load;
            log = node.Log;
        }

        Assert.True(exit == 0, $"exit code {exit}: {log}");
        Assert.Contains("\"EventId\":1001", log, StringComparison.Ordinal);
        Assert.Contains("\"EventId\":1002", log, StringComparison.Ordinal);
        Assert.True(committed.Count >= 200, $"only {committed.Count} committed under load");
        // Closed cleanly: the write-ahead log was folded into the database.
        var wal = Path.Combine(data, "chain.db-wal");
        Assert.True(!File.Exists(wal) || new FileInfo(wal).Length == 0, "the write-ahead log was left behind");
        var report = ChainVerifier.Verify(data);
        Assert.True(report.Ok, report.ToString());

        using (var restarted = await NodeProcess.StartAsync(data))
        {
            foreach (var (id, height) in committed)
            {
                var status = await restarted.Http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{id}");
                Assert.Equal(("committed", height), (status!.Status, status.Height!.Value));
            }
        }

        Directory.Delete(data, true);
    }

    [Fact]
    public async Task BackupUnderLoad_RestoresToANodeThatVerifiesAndContinues()
    {
        var data = CliRunner.TempDir();
        var work = CliRunner.TempDir();
        var archive = Path.Combine(work, "backup.tar.gz");
        var committed = new ConcurrentDictionary<string, ulong>();
        ulong backupHeight;
        using (var node = await NodeProcess.StartAsync(data))
        {
            using var stop = new CancellationTokenSource();
            var load = await TransferLoad.StartAsync(node, committed, stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(40);
            await TransferLoad.UntilCommittedAsync(committed, 150, deadline);
            // The backup runs in its own process while the node commits blocks under load.
            var output = CliRunner.Ok("backup", "--data", data, "--out", archive);
            var heightText = System.Text.RegularExpressions.Regex.Match(output, @"at height (\d+)").Groups[1].Value;
            backupHeight = ulong.Parse(heightText, System.Globalization.CultureInfo.InvariantCulture);
            await TransferLoad.UntilCommittedAsync(committed, committed.Count + 100, deadline.AddSeconds(20));
            await stop.CancelAsync();
            await load;
            Assert.True(node.Terminate(TimeSpan.FromSeconds(60)) == 0, node.Log);
        }

        Assert.True(backupHeight > 0);
        var home = Path.Combine(work, "home");
        Directory.CreateDirectory(home);
        CliRunner.Ok("restore", "--in", archive, "--home", home);
        var restored = Path.Combine(home, "data");
        var report = ChainVerifier.Verify(restored);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(backupHeight, report.Height);
        // Every transfer committed at or below the backup's height is in it.
        using (var node = await NodeProcess.StartAsync(restored))
        {
            foreach (var (id, height) in committed.Where(c => c.Value <= backupHeight))
            {
                var status = await node.Http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{id}");
                Assert.Equal(("committed", height), (status!.Status, status.Height!.Value));
            }

            // It continues: new blocks on top of the restored chain.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            StatusResponse? status2 = null;
            while (DateTime.UtcNow < deadline && (status2 = await node.Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!.Height < backupHeight
                + 2) await Task.Delay(200);
            Assert.True(status2!.Height >= backupHeight + 2, $"the restored node stayed at {status2.Height}");
            Assert.Equal(0, node.Terminate(TimeSpan.FromSeconds(60)));
        }

        Assert.True(ChainVerifier.Verify(restored).Ok);
        // A second restore into a home that holds a chain is refused without --force.
        var (code, _, stderr) = CliRunner.Run("restore", "--in", archive, "--home", home);
        Assert.Equal(2, code);
        Assert.Contains("already holds a chain", stderr, StringComparison.Ordinal);
        Directory.Delete(data, true);
        Directory.Delete(work, true);
    }

    [Fact]
    public void ConfigShow_PrintsTheEffectiveConfiguration_FileThenFlags()
    {
        var home = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(home, "config.json"), """{ "api": { "listen": "127.0.0.1:9100" }, "log": { "level": "warning" } }""");
        var shown = JsonDocument.Parse(CliRunner.Ok("config", "show", "--home", home, "--log-level", "debug")).RootElement;
        Assert.Equal("127.0.0.1:9100", shown.GetProperty("api").GetProperty("listen").GetString());
        Assert.Equal("debug", shown.GetProperty("log").GetProperty("level").GetString());
        Assert.Equal(Path.Combine(home, "data"), shown.GetProperty("data_dir").GetString());
        File.WriteAllText(Path.Combine(home, "config.json"), """{ "api": { "listn": "x" } }""");
        var (code, _, stderr) = CliRunner.Run("config", "show", "--home", home);
        Assert.Equal(2, code);
        Assert.Contains("api.listn", stderr, StringComparison.Ordinal);
        Directory.Delete(home, true);
    }
}
