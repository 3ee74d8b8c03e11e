using GridForge.Chain;
using GridForge.Chain.Verification;
using GridForge.Cli.Community;
using GridForge.Core.Crypto;
using GridForge.Node;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests.Community;

/// <summary>A real dev node, its block production on a fast clock, and a small community that reaches it through the
/// REST API only — the same pieces <c>gridforge node --dev --speed N --community M</c> starts.</summary>
public sealed class DevCommunityTests
{
    private const int Speed = 300;
    private const int Size = 6;

    private sealed record MeterReadingView(long Imported, long Exported);

    [Fact]
    public async Task SmallCommunity_OnAFastDevNode_MetersEverySlot_ConservesWatt_AndTheChainVerifies()
    {
        var data = CliRunner.TempDir();
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var chain = ChainNode.Open(data, DevChain.Genesis(start), DevAccounts.Key("validator"));
        var members = CommunityPlan.Members(Size);
        var output = TextWriter.Synchronized(new StringWriter());
        await using (var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true, clock: ScaledClock.ForChain(start, Speed)))
        {
            using var client = new NodeClient(host.Url);
            using var community = new CommunitySimulator(client, members, output);
            using var stop = new CancellationTokenSource();
            await community.StartAsync(stop.Token);
            var run = community.RunAsync(stop.Token);
            var expectedMinted = members.Aggregate(0UL, (s, m) => s + (m.Kind == MemberKind.Consumer ? CommunitySimulator.ConsumerDeposit : CommunitySimulator.ProsumerDeposit));
            var deadline = DateTime.UtcNow.AddSeconds(45);
            WattSupplyResponse supply;
            while (true)
            {
                supply = (await client.GetAsync<WattSupplyResponse>("api/v1/watt/supply"))!;
                if ((community.SlotsRead >= 4 && supply.Minted - supply.GenesisMinted == expectedMinted) || DateTime.UtcNow > deadline) break;
                await Task.Delay(250);
            }

            await stop.CancelAsync();
            await run;
            Assert.True(community.SlotsRead >= 4, $"{community.SlotsRead} slots read; {output}");

            // Every member's meter reported each slot since it was registered, exactly what its profile says.
            foreach (var member in members)
            {
                using var meterKey = CommunityKeys.Meter(member.Name);
                var meter = (await client.GetAsync<MeteringEndpoints.MeterResponse>($"api/v1/meters/{meterKey.Id}"))!;
                Assert.NotNull(meter.LastSlot);
                long imported = 0, exported = 0;
                var readings = 0;
                for (var slot = meter.LastSlot!.Value; ; slot--)
                {
                    var reading = await client.FindAsync<MeterReadingView>($"api/v1/meters/{meterKey.Id}/readings/{slot}");
                    if (reading is null) break;
                    var energy = member.Actual(slot, community.SlotSeconds);
                    Assert.Equal((energy.ImportedWh, energy.ExportedWh), (reading.Imported, reading.Exported));
                    imported += reading.Imported;
                    exported += reading.Exported;
                    readings++;
                }

                Assert.True(readings >= 4, $"{member.Name}: {readings} readings");
                Assert.Equal((imported, exported), (meter.ImportRegister, meter.ExportRegister));
            }

            // WATT: minted only against the members' deposits, supply = minted − burned = every account's balance.
            Assert.Equal(expectedMinted, supply.Minted - supply.GenesisMinted);
            Assert.Equal(supply.Minted - supply.Burned, supply.TotalSupply);
            ulong held = 0;
            foreach (var address in DevAccounts.Names.Select(DevAccounts.AddressOf).Concat(members.Select(m => KeyStore.ResolveAddress(m.Name))))
            {
                var account = (await client.AccountAsync(address.ToString()))!;
                held += account.Watt.Free + account.Watt.Reserved;
            }

            Assert.Equal(supply.TotalSupply, held);
        }

        var report = ChainVerifier.Verify(data);
        Assert.True(report.Ok, report.ToString());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(data, true);
    }
}
