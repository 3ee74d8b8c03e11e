using System.Net;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Tests;

/// <summary>The contracts endpoints against a real dev node: contracts created, accepted and fed forecasts as signed
/// transactions, then the contract, its terms, history and orders read back.</summary>
public sealed class ContractsApiTests : InProcessNodeTest
{
    private static readonly SlotId Slot = new((Time / 900) + 4);
    private static readonly Address Alice = DevAccounts.AddressOf("alice");
    private static readonly Address Bob = DevAccounts.AddressOf("bob");

    [Fact]
    public async Task AResidentialRule_CreatedByTransaction_PlacesItsOrderAndShowsItsHistory()
    {
        var meter = MeterKey.FromSeed(Hashing.Sha256("contracts api meter"u8).ToArray());
        await Commit("dso", new RegisterMeterMessage(meter.Id, Alice, new ZoneId("Z1"), MeterKind.Both, MeterTechnology.Solar, 8_000, new Wh(0), new Wh(0),
            "PV-7"));
        var terms = new ResidentialTerms(new ZoneId("Z1"), new Wh(100), new PricePerKwh(55_000), new Wh(2_000), new PricePerKwh(95_000), 0, false, [], []);
        var created = await Commit("alice", new CreateContractMessage(ContractTemplate.Residential, Address.None, Slot, Slot, 0, Amount.Zero, terms));
        Assert.Equal("committed", created.Status);
        await Commit("alice", new SetForecastMessage(1, Slot, new Wh(1_600), Wh.Zero));
        _time = (Slot.Index * 900) - 900;
        _host.Chain.ProduceBlock(_time);

        var contract = await Get("api/v1/contracts/1");
        Assert.Equal(("residential", "ended", Alice.ToString()),
            (contract.GetProperty("template").GetString(), contract.GetProperty("status").GetString(), contract.GetProperty("creator").GetString()));
        Assert.Equal(55_000, contract.GetProperty("terms").GetProperty("floorPrice").GetInt64());
        var orders = await Get("api/v1/contracts/1/orders");
        var order = Assert.Single(orders.EnumerateArray());
        Assert.Equal(("sell", 1_500L, 1UL), (order.GetProperty("side").GetString(), order.GetProperty("quantity").GetInt64(), order.GetProperty("contract")
            .GetUInt64()));
        var history = await Get("api/v1/contracts/1/history");
        Assert.Equal(["contract_created", "forecast_set", "contract_order", "contract_ended"], history.EnumerateArray()
            .Select(h => h.GetProperty("kind").GetString()));
        var mine = await Get($"api/v1/contracts?account={Alice}");
        Assert.Single(mine.EnumerateArray());
    }

    [Fact]
    public async Task AProposedPpa_IsListedLiveForBothParties_AndAnUnknownContractIsA404WithItsCode()
    {
        var terms = new PpaTerms(new ZoneId("Z1"), new ZoneId("Z2"), true, new PricePerKwh(80_000), [new Wh(1_000), new Wh(2_000)], 800,
            new PricePerKwh(40_000), SettlementPeriod.Month);
        await Commit("alice", new CreateContractMessage(ContractTemplate.Ppa, Bob, Slot, new SlotId(Slot.Index + 96), 4, new Amount(1_000_000), terms));
        var live = await Get("api/v1/contracts?live=true");
        var ppa = Assert.Single(live.EnumerateArray());
        Assert.Equal(("proposed", "month", Bob.ToString()), (ppa.GetProperty("status").GetString(), ppa.GetProperty("terms").GetProperty("period").GetString(),
            ppa.GetProperty("terms").GetProperty("buyer").GetString()));
        Assert.Single((await Get($"api/v1/contracts?account={Bob}")).EnumerateArray());
        await Commit("bob", new AcceptContractMessage(1));
        Assert.Equal("active", (await Get("api/v1/contracts/1")).GetProperty("status").GetString());

        var missing = await _http.GetAsync("api/v1/contracts/99");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains(ContractsCodes.UnknownContract, await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, (await Get("api/v1/contracts/templates")).GetArrayLength());
    }
}
