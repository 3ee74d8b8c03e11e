using System.Collections.Concurrent;
using System.Net.Http.Json;
using GridForge.Chain.Verification;
using GridForge.Cli.Meters;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Tests.Mqtt;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;
using Xunit.Abstractions;

namespace GridForge.Cli.Tests.Mqtt;

/// <summary>Issue 19's promise across a crash: every reading the gateway acknowledged reaches the chain exactly once, even when the
/// node is killed with <c>kill -9</c> while acknowledged readings are still on their way to a block.</summary>
public sealed class MqttCrashSafetyTests(ITestOutputHelper output)
{
    private const int Meters = 150;
    private const int Slots = 6;

    private static MeterKey Meter(int i) => MeterKey.FromSeed(Hashing.Domain("crash test meter", BitConverter.GetBytes(i)).ToArray());

    // Each meter its own owner, so an owner's energy balance shows exactly what its one meter's readings added.
    private static Address Owner(int i) => new(Hashing.Domain("crash test owner", BitConverter.GetBytes(i)));

    [SkippableFact]
    public async Task KillDashNine_WithAcknowledgedReadingsInFlight_LosesNone_AndCountsNoneTwice()
    {
        Mosquitto.Require();
        var data = CliRunner.TempDir();
        var mqttPort = CliRunner.FreePort();
        string[] args = ["--community", "0", "--mqtt", $"127.0.0.1:{mqttPort}"];
        var meters = Enumerable.Range(0, Meters).Select(Meter).ToArray();
        var firstSlot = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) - Slots - 1;
        var acknowledged = new ConcurrentDictionary<(int Meter, long Slot), long>();
        int heldAtKill;

        using (var node = await NodeProcess.StartAsync(data, args))
        {
            await node.FundMqttGatewayAsync();
            await RegisterAsync(node, meters);
            await using var fleet = await MeterFleet.ConnectAsync($"mqtt://127.0.0.1:{mqttPort}", [.. meters.Select(m => m.Id)], 30, CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var publishing = PublishAsync(fleet, meters, firstSlot, acknowledged, stop.Token);

            // Kill while the gateway holds acknowledged readings that no block has taken yet.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                await Task.Delay(20);
                heldAtKill = (await node.Http.GetFromJsonAsync<MqttEndpoints.MqttStatusResponse>("api/v1/mqtt"))!.Held;
            }
            while ((acknowledged.Count < Meters * 2 || heldAtKill == 0) && DateTime.UtcNow < deadline);
            node.Kill();
            await stop.CancelAsync();
            await publishing;
        }

        output.WriteLine($"killed with {acknowledged.Count} readings acknowledged, the gateway holding {heldAtKill} not yet on chain (queued, or in a " +
            $"transaction not yet in a block)");
        Assert.True(heldAtKill > 0 && acknowledged.Count >= Meters * 2, $"held {heldAtKill}, acknowledged {acknowledged.Count}");
        using (var restarted = await NodeProcess.StartAsync(data, args))
        {
            var pending = acknowledged.Keys.ToHashSet();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (pending.Count > 0 && DateTime.UtcNow < deadline)
            {
                foreach (var (m, slot) in pending.ToList())
                {
                    if (await restarted.Http.GetAsync($"api/v1/meters/{meters[m].Id}/readings/{slot}") is { IsSuccessStatusCode: true }) pending.Remove(
                        (m, slot));
                }

                await Task.Delay(200);
            }

            Assert.Empty(pending);
            foreach (var ((m, slot), exported) in acknowledged)
            {
                var reading = (await restarted.Http.GetFromJsonAsync<MeteringEndpoints.ReadingResponse>($"api/v1/meters/{meters[m].Id}/readings/{slot}"))!;
                Assert.Equal(exported, reading.Exported);
                // Counted once: the owner's produced energy in the slot is exactly the reading's.
                var balance = (await restarted.Http.GetFromJsonAsync<MeteringEndpoints.EnergyBalanceResponse>($"api/v1/energy/{Owner(m)}/{slot}"))!;
                Assert.Equal(exported, balance.Produced);
            }

            restarted.Kill();
        }

        var report = ChainVerifier.Verify(data);
        Assert.True(report.Ok, report.ToString());
        Directory.Delete(data, true);
    }

    private static async Task RegisterAsync(NodeProcess node, MeterKey[] meters)
    {
        using var dso = DevAccounts.Key("dso");
        var txs = meters.Select((m, i) => Transaction.Sign(dso, "gridforge-dev", (ulong)i, 100, 1_000_000,
            new RegisterMeterMessage(m.Id, Owner(i), new ZoneId("Z1"), MeterKind.Both, MeterTechnology.Solar, 10_000, new Wh(0), new Wh(0), ""))).ToList();
        var response = await node.Http.PostAsJsonAsync("api/v1/transactions/batch",
            new SubmitBatchRequest([.. txs.Select(t => Convert.ToHexStringLower(t.Encoded))]));
        response.EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await node.Http.GetFromJsonAsync<List<MeteringEndpoints.MeterResponse>>("api/v1/meters"))!.Count < meters.Length)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the meters were not registered");
            await Task.Delay(200);
        }
    }

    /// <summary>Every meter's readings of the slots in order, a slot's readings of all meters at once; records each reading the
    /// broker acknowledged (its exported energy) until the node dies.</summary>
    private static async Task PublishAsync(MeterFleet fleet, MeterKey[] meters, long firstSlot, ConcurrentDictionary<(int, long), long> acknowledged,
        CancellationToken stop)
    {
        var registers = new long[meters.Length];
        try
        {
            for (var s = 0; s < Slots && !stop.IsCancellationRequested; s++)
            {
                var slot = firstSlot + s;
                await Task.WhenAll(Enumerable.Range(0, meters.Length).Select(async m =>
                {
                    var exported = 100 + (m * 7) + s;
                    var reading = meters[m].Sign("gridforge-dev", new SlotId(slot), new Wh(0), new Wh(exported), new Wh(0), new Wh(registers[m] + exported));
                    registers[m] += exported;
                    if (await fleet.PublishAsync("gridforge-dev", reading, stop)) acknowledged[(m, slot)] = exported;
                }));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or CliException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The node was killed mid-publish: what the broker acknowledged before is what must be on chain.
        }
    }
}
