using GridForge.Chain;
using GridForge.Chain.Verification;
using GridForge.Cli.Community;
using GridForge.Core.Crypto;
using GridForge.Node;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests.Community;

/// <summary>A real dev node, its block production on a fast clock, and a small community that reaches it through the
/// REST API only — the same pieces <c>gridforge node --dev --speed N --community M</c> starts. The dev genesis here closes
/// the metering window 30 minutes after a slot instead of 6 hours, so that slots settle within the test's time (at 300×, 6 s
/// after they end instead of 72 s); nothing else differs.</summary>
public sealed class DevCommunityTests
{
    private const int Speed = 300;
    private const int Size = 6;

    private const long WindowSeconds = 1_800;

    private sealed record MeterReadingView(long Imported, long Exported);

    private sealed record SettlementView(long Delivered, long BuyerPaid, long SellerReceived, ulong DsoReceived);

    private sealed record TradeView(ulong Buy, ulong Sell, string Buyer, string Seller, long Quantity, SettlementView? Settlement);

    private sealed record OrderView(ulong? Contract);

    private sealed record ContractView(ulong Id, string Creator);

    [Fact]
    public async Task SmallCommunity_OnAFastDevNode_MetersEverySlot_TradesThroughItsContracts_Settles_ConservesWatt_AndTheChainVerifies()
    {
        var data = CliRunner.TempDir();
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var genesis = DevChain.Genesis(start);
        genesis.Params["metering"] = new(StringComparer.Ordinal) { ["acceptance_window_s"] = WindowSeconds };
        var chain = ChainNode.Open(data, genesis, DevAccounts.Key("validator"));
        var members = CommunityPlan.Members(Size);
        var log = new StringWriter();
        var output = TextWriter.Synchronized(log);
        await using (var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true, clock: ScaledClock.ForChain(start, Speed)))
        {
            using var client = new NodeClient(host.Url);
            using var community = new CommunitySimulator(client, members, output);
            using var stop = new CancellationTokenSource();
            await community.StartAsync(stop.Token);
            var run = community.RunAsync(stop.Token);
            var expectedMinted = members.Aggregate(0UL,
                (s, m) => s + (m.Kind == MemberKind.Consumer ? CommunitySimulator.ConsumerDeposit : CommunitySimulator.ProsumerDeposit));
            Assert.All(community.Contracts, c => Assert.NotNull(c));
            var deadline = DateTime.UtcNow.AddSeconds(80);
            WattSupplyResponse supply;
            while (true)
            {
                supply = (await client.GetAsync<WattSupplyResponse>("api/v1/watt/supply"))!;
                if ((community.SlotsSettled >= 2 && supply.Minted - supply.GenesisMinted == expectedMinted) || DateTime.UtcNow > deadline) break;
                await Task.Delay(250);
            }

            await stop.CancelAsync();
            await run;

            // A restarted simulator (as on a restarted dev node) finds the same contracts and creates none.
            using (var again = new CommunitySimulator(client, members, output))
            {
                await again.StartAsync(CancellationToken.None);
                Assert.Equal(community.Contracts, again.Contracts);
            }

            var contracts = await client.GetAsync<List<ContractView>>("api/v1/contracts");
            Assert.Equal(community.Contracts.Select(c => c!.Value).Order(), contracts.Select(c => c.Id).Order());
            Assert.True(community.SlotsSettled >= 2, $"{community.SlotsSettled} slots settled, {community.SlotsRead} read; {log}");
            Assert.DoesNotContain("community:", log.ToString());
            Assert.Matches(@"slot \d+ settled: \d+ trades", log.ToString());

            // The contracts traded: every trade of the community's slots was placed by a member's contract, settled against
            // the meters (delivered ≤ traded), and the buyer paid exactly what the seller and the DSO received.
            var addresses = members.Select(m => KeyStore.ResolveAddress(m.Name).ToString()).ToHashSet();
            var settled = 0;
            var last = (await client.StatusAsync()).LatestTime!.Value / community.SlotSeconds;
            for (var slot = last - 40; slot <= last; slot++)
            {
                foreach (var t in await client.GetAsync<List<TradeView>>($"api/v1/market/slots/{slot}/trades"))
                {
                    Assert.Contains(t.Buyer, addresses);
                    Assert.Contains(t.Seller, addresses);
                    Assert.NotNull((await client.GetAsync<OrderView>($"api/v1/market/orders/{t.Buy}")).Contract);
                    Assert.NotNull((await client.GetAsync<OrderView>($"api/v1/market/orders/{t.Sell}")).Contract);
                    if (t.Settlement is not { } r) continue;
                    settled++;
                    Assert.InRange(r.Delivered, 0, t.Quantity);
                    Assert.Equal(r.BuyerPaid, r.SellerReceived + (long)r.DsoReceived);
                }
            }

            Assert.True(settled > 0, "no settled trade");

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
            using var gateway = CommunityKeys.Account(CommunityKeys.GatewayName);
            // The community's own issuer holds its fee float (docs/community.md).
            foreach (var address in DevAccounts.Names.Select(DevAccounts.AddressOf).Concat(members.Select(m => KeyStore.ResolveAddress(m.Name)))
                .Append(gateway.Address)
                .Append(DevAccounts.AddressOf(DevAccounts.CommunityIssuer)))
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
