using System.Collections.Concurrent;
using System.Net.Http.Json;
using GridForge.Chain.Verification;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests;

public class CrashSafetyTests
{
    [Fact]
    public async Task SigkillDuringLoad_LosesNoReportedCommit_AndTheChainStillVerifies()
    {
        var data = CliRunner.TempDir();
        var committed = new ConcurrentDictionary<string, ulong>();
        for (var round = 0; round < 2; round++)
        {
            using var node = await NodeProcess.StartAsync(data);
            // Resume each sender at its committed nonce: what was pending at the crash is gone.
            var nonces = await TransferLoad.NoncesAsync(node);

            using var stop = new CancellationTokenSource();
            var load = TransferLoad.RunAsync(node, nonces, committed, stop.Token);
            var target = committed.Count + 300;
            var deadline = DateTime.UtcNow.AddSeconds(40);
            while (committed.Count < target && DateTime.UtcNow < deadline) await Task.Delay(50);
            node.Kill();
            await stop.CancelAsync();
            await load;
        }

        Assert.True(committed.Count >= 300, $"only {committed.Count} transactions were committed under load");
        using (var restarted = await NodeProcess.StartAsync(data))
        {
            foreach (var (id, height) in committed)
            {
                var status = await restarted.Http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{id}");
                Assert.Equal("committed", status!.Status);
                Assert.Equal(height, status.Height);
            }

            restarted.Kill();
        }

        var report = ChainVerifier.Verify(data);
        Assert.True(report.Ok, report.ToString());
        Directory.Delete(data, true);
    }
}
