using System.Collections.Concurrent;
using System.Net.Http.Json;
using GridForge.Chain.Verification;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Tests;

public class CrashSafetyTests
{
    /// <summary>Signs transfers from the dev accounts in nonce order and submits them in batches,
    /// recording every transaction the API reports committed, until cancelled.</summary>
    private static async Task LoadAsync(NodeProcess node, Dictionary<string, ulong> nonces, ConcurrentDictionary<string, ulong> committed, CancellationToken stop)
    {
        var senders = new[] { "alice", "bob", "charlie" }.Select(DevAccounts.Key).ToArray();
        var pending = new List<string>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = new List<string>();
                foreach (var key in senders)
                {
                    for (var i = 0; i < 20; i++)
                    {
                        var name = DevAccounts.NameOf(key.Address)!;
                        var tx = Transaction.Sign(key, "gridforge-dev", nonces[name]++, 100, 1_000_000,
                            new TransferMessage(DevAccounts.AddressOf("dso"), Token.Watt, 1));
                        batch.Add(Convert.ToHexStringLower(tx.Encoded));
                        pending.Add(tx.Id.ToString());
                    }
                }

                var response = await node.Http.PostAsJsonAsync("api/v1/transactions/batch", new SubmitBatchRequest(batch), stop);
                response.EnsureSuccessStatusCode();
                foreach (var id in pending.ToList())
                {
                    var status = await node.Http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{id}", stop);
                    if (status!.Status == "committed")
                    {
                        committed[id] = status.Height!.Value;
                        pending.Remove(id);
                    }
                }

                await Task.Delay(50, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            // The node was killed mid-request: whatever was reported committed before is what counts.
        }
    }

    [Fact]
    public async Task SigkillDuringLoad_LosesNoReportedCommit_AndTheChainStillVerifies()
    {
        var data = CliRunner.TempDir();
        var committed = new ConcurrentDictionary<string, ulong>();
        for (var round = 0; round < 2; round++)
        {
            using var node = await NodeProcess.StartAsync(data);
            // Resume each sender at its committed nonce: what was pending at the crash is gone.
            var nonces = new Dictionary<string, ulong>();
            foreach (var name in new[] { "alice", "bob", "charlie" })
            {
                var account = await node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{DevAccounts.AddressOf(name)}");
                nonces[name] = account!.Nonce;
            }

            using var stop = new CancellationTokenSource();
            var load = LoadAsync(node, nonces, committed, stop.Token);
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
