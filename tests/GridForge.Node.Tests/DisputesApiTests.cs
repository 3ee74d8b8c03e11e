using System.Net;
using System.Text.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Tests;

/// <summary>The disputes endpoints against a real dev node in-process: a trade, a dispute opened and ruled as signed
/// transactions through the submit endpoint, then the list, filters, one dispute and the arbitrators read back.</summary>
public sealed class DisputesApiTests : InProcessNodeTest
{
    private static readonly SlotId Slot = new((Time / 900) + 4);
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Sha256("disputes api test meter"u8).ToArray());
    private static readonly Address Alice = DevAccounts.AddressOf("alice");

    [Fact]
    public async Task ADisputeOpenedAndRuledAsTransactions_ShowsInTheListFiltersAndItsOwnView()
    {
        await Commit("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0),
            new Wh(0), "PV-7"));
        await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000), new Wh(1_500)));
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(70_000), new Wh(1_000)));
        var opened = await Commit("bob",
            new OpenDisputeMessage(DisputeSubject.Trade(Slot, 0), Token.Watt, new Amount(10_000_000), new Amount(30_000), "half the energy never came"));
        Assert.True(opened.Success, JsonSerializer.Serialize(opened));

        var d = await Get("api/v1/disputes/1");
        Assert.Equal(("trade", Slot.Index, 0L, DevAccounts.AddressOf("bob").ToString(), Alice.ToString(), 30_000L, true, "open"),
            (d.GetProperty("subject").GetString(), d.GetProperty("slot").GetInt64(), d.GetProperty("seq").GetInt64(), d.GetProperty("opener").GetString(),
            d.GetProperty("respondent").GetString(), d.GetProperty("held").GetInt64(), d.GetProperty("awaitingSettlement").GetBoolean(), d.GetProperty("status")
                .GetString()));
        Assert.Equal(1, (await Get("api/v1/disputes")).GetArrayLength());
        Assert.Equal(1, (await Get("api/v1/disputes?status=open")).GetArrayLength());
        Assert.Equal(0, (await Get("api/v1/disputes?status=closed")).GetArrayLength());
        Assert.Equal(1, (await Get($"api/v1/disputes?account={Alice}")).GetArrayLength());
        Assert.Equal(0, (await Get($"api/v1/disputes?account={DevAccounts.AddressOf("charlie")}")).GetArrayLength());

        Assert.Contains(DisputesCodes.NotArbitrator, JsonSerializer.Serialize(await Commit("charlie", new RuleDisputeMessage(1, Ruling.Uphold))),
            StringComparison.Ordinal);
        Assert.True((await Commit("dso", new RuleDisputeMessage(1, Ruling.Correct(10_000)))).Success);

        d = await Get("api/v1/disputes/1");
        Assert.Equal(("corrected", 10_000L, 20_000L, DevAccounts.AddressOf("bob").ToString()),
            (d.GetProperty("status").GetString(), d.GetProperty("toOpener").GetInt64(), d.GetProperty("released").GetInt64(), d.GetProperty("bondTo")
                .GetString()));
        var vote = Assert.Single(d.GetProperty("votes").EnumerateArray());
        Assert.Equal((DevAccounts.AddressOf("dso").ToString(), "correct", 10_000L),
            (vote.GetProperty("arbitrator").GetString(), vote.GetProperty("ruling").GetString(), vote.GetProperty("amount").GetInt64()));
        Assert.Equal(1, (await Get("api/v1/disputes?status=closed")).GetArrayLength());
        Assert.Contains(DisputesCodes.DisputeClosed, JsonSerializer.Serialize(await Commit("dso", new RuleDisputeMessage(1, Ruling.Uphold))),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDisputesAndBadFilters_AreProblems_AndTheDsoArbitratesWithoutACouncil()
    {
        var missing = await _http.GetAsync("api/v1/disputes/99");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains(DisputesCodes.UnknownDispute, await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("api/v1/disputes?status=pending")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("api/v1/disputes?account=nonsense")).StatusCode);
        Assert.Equal(0, (await Get("api/v1/disputes")).GetArrayLength());

        var arbitrators = await Get("api/v1/disputes/arbitrators");
        Assert.False(arbitrators.GetProperty("council").GetBoolean());
        Assert.Equal(DevAccounts.AddressOf("dso").ToString(), Assert.Single(arbitrators.GetProperty("members").EnumerateArray()).GetString());
        Assert.Equal(1, arbitrators.GetProperty("threshold").GetInt32());
    }
}
