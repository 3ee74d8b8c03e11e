using System.Diagnostics;
using GridForge.Chain;
using GridForge.Node;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Genesis;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Bench;

/// <summary>A dev node in this process for a bench (<c>tps</c>, <c>orders</c>, <c>readings</c>, <c>mqtt</c>): its chain in a temp
/// directory, its REST API on a loopback port, a client of it; and the untimed steps those benches share (meters registered, batches
/// sent in order again when the mempool is full). Disposing stops the node and deletes the directory.</summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly string _data;

    private BenchNode(string data, NodeHost host)
    {
        _data = data;
        Host = host;
        Client = new NodeClient(host.Url);
    }

    public NodeHost Host { get; }

    public ChainNode Chain => Host.Chain;

    public NodeClient Client { get; }

    /// <summary>Opens a chain of <paramref name="genesis"/> in a fresh temp directory and starts its node, producing blocks (with the
    /// MQTT gateway when <paramref name="mqtt"/> is given).</summary>
    public static async Task<BenchNode> StartAsync(string name, GenesisDocument genesis, MqttGatewayOptions? mqtt = null)
    {
        var data = BenchHarness.TempDirectory(name);
        var chain = ChainNode.Open(data, genesis, DevAccounts.Key("validator"));
        var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true, mqtt: mqtt).ConfigureAwait(false);
        return new BenchNode(data, host);
    }

    /// <summary>Stops the node (before the machine's rate is measured again); the directory stays until disposal.</summary>
    public ValueTask StopAsync() => Host.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        Client.Dispose();
        if (Directory.Exists(_data)) Directory.Delete(_data, true);
    }

    /// <summary>Registers meters (the DSO's signed registrations) through the binary batch endpoint, untimed, and waits until all of
    /// them are active in <paramref name="zones"/>.</summary>
    public async Task RegisterMetersAsync(Transaction[] registrations, IEnumerable<string> zones, string what, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        foreach (var chunk in registrations.Chunk(2_000))
        {
            // One account's pending transactions are bounded by the mempool (10,000 by default).
            while (Chain.MempoolCount > 6_000) await Task.Delay(50, ct).ConfigureAwait(false);
            var results = await Client.SubmitBinaryBatchAsync([.. chunk.Select(t => t.Encoded)], ct).ConfigureAwait(false);
            if (results.Rejected.FirstOrDefault() is { } refused) throw new CliException(
                $"a meter registration was refused: {refused.Code}: {refused.Message}");
        }

        var ids = zones.Select(z => new ZoneId(z)).ToArray();
        while (ids.Sum(z => MeteringQueries.ActiveMetersIn(Chain.State, z)) < registrations.Length)
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(5)) throw new CliException($"the {what} were not registered within 5 minutes");
            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        BenchHarness.Note($"{registrations.Length:N0} {what} registered in {sw.Elapsed.TotalSeconds:F1} s (untimed)");
    }

    /// <summary>A refusal that stops a batch: the index of the first refused transaction in it, its code and message.</summary>
    public readonly record struct Refusal(int Index, string? Code, string? Message);

    /// <summary>One client's batches in order; what the mempool has no room for is sent again, with what follows it. Any other
    /// refusal ends the bench: "<paramref name="refused"/>: code: message".</summary>
    public static async Task SubmitInOrderAsync(Transaction[][] batches, Func<Transaction[], CancellationToken, Task<Refusal?>> send, string refused,
        CancellationToken ct)
    {
        foreach (var batch in batches)
        {
            var pending = batch;
            while (pending.Length > 0)
            {
                if (await send(pending, ct).ConfigureAwait(false) is not { } first) break;
                if (first.Code != "mempool_full") throw new CliException($"{refused}: {first.Code}: {first.Message}");
                pending = pending[first.Index..];
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends a batch through the binary batch endpoint; its first refusal, if any.</summary>
    public static async Task<Refusal?> SendBinaryAsync(NodeClient client, Transaction[] batch, CancellationToken ct)
    {
        var results = await client.SubmitBinaryBatchAsync([.. batch.Select(t => t.Encoded)], ct).ConfigureAwait(false);
        return results.Rejected.Count == 0 ? null : new Refusal(results.Rejected[0].Index, results.Rejected[0].Code, results.Rejected[0].Message);
    }
}
