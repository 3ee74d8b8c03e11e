using System.Collections.Concurrent;
using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Tests;

/// <summary>A steady load of signed transfers against a node process, recording what the API reports committed.</summary>
internal static class TransferLoad
{
    /// <summary>Each dev sender's next nonce as the node's committed state says.</summary>
    public static async Task<Dictionary<string, ulong>> NoncesAsync(NodeProcess node)
    {
        var nonces = new Dictionary<string, ulong>();
        foreach (var name in new[] { "alice", "bob", "charlie" })
        {
            var account = await node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{DevAccounts.AddressOf(name)}");
            nonces[name] = account!.Nonce;
        }

        return nonces;
    }

    /// <summary>Starts the load from the senders' committed nonces; it runs until <paramref name="stop"/> is cancelled.</summary>
    public static async Task<Task> StartAsync(NodeProcess node, ConcurrentDictionary<string, ulong> committed, CancellationToken stop) =>
        RunAsync(node, await NoncesAsync(node), committed, stop);

    /// <summary>Waits until at least <paramref name="count"/> transfers are committed, or <paramref name="deadline"/>.</summary>
    public static async Task UntilCommittedAsync(ConcurrentDictionary<string, ulong> committed, int count, DateTime deadline)
    {
        while (committed.Count < count && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    /// <summary>Signs transfers from the dev accounts in nonce order and submits them in batches,
    /// recording every transaction the API reports committed, until cancelled.</summary>
    public static async Task RunAsync(NodeProcess node, Dictionary<string, ulong> nonces, ConcurrentDictionary<string, ulong> committed, CancellationToken stop)
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
                            new TransferMessage(DevAccounts.AddressOf("dso"), Token.Watt, new Amount(1)));
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

}
