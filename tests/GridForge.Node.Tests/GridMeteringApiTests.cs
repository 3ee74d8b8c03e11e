using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests;

/// <summary>The grid, meter, reading and energy endpoints against a real dev node in-process (blocks produced by the test).</summary>
public sealed class GridMeteringApiTests : InProcessNodeTest
{
    private static readonly SlotId Slot = new((Time / 900) - 1);
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Sha256("api test meter"u8).ToArray());
    private static readonly Address Alice = DevAccounts.AddressOf("alice");

    private static SubmitBatchRequest Batch(params Transaction[] txs) => new([.. txs.Select(t => Convert.ToHexStringLower(t.Encoded))]);

    /// <summary>Submits through the generic path, produces a block, and returns the transaction's status.</summary>
    private async Task<TxStatusResponse> Commit(Transaction tx)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsJsonAsync("api/v1/transactions",
            new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)))).StatusCode);
        _host.Chain.ProduceBlock(++_time);
        return (await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}"))!;
    }

    private static async Task<string?> Code(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString();
    }

    private Task RegisterMeter() => Commit(Sign("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z2"), MeterKind.Both, MeterTechnology.Solar, 8_000,
        new Wh(0), new Wh(0), "PV-7")));

    [Fact]
    public async Task Grid_ServesTheDevGenesisTopologyFeesAndParameters()
    {
        var g = (await _http.GetFromJsonAsync<GridEndpoints.GridResponse>("api/v1/grid"))!;

        Assert.Equal(["Z1", "Z2"], g.Zones.Select(z => z.Name));
        Assert.Equal(new GridEndpoints.LinkResponse("Z1", "Z2", 10_000, 50_000, 50_000), Assert.Single(g.Links));
        Assert.Equal((5_000L, 500L, 900L, Time / 900), (g.LocalFee, g.CongestionPermille, g.SlotSeconds, g.CurrentSlot));
        Assert.Equal(GridModule.CapacityRaisePermille.Default, g.Params[GridModule.CapacityRaisePermille.Name]);
    }

    [Fact]
    public async Task CapacityOverride_ByTheDso_ShowsInTheGridOfThatSlot_InCapacityAndInOverrides()
    {
        var target = Time / 900 + 4;
        var status = await Commit(Sign("dso", new SetCapacityMessage(new ZoneId("Z2"), new ZoneId("Z1"), new SlotId(target), new SlotId(target), new Wh(1_234),
            false)));
        Assert.True(status.Success, status.Message);
        Assert.Equal("capacity_changed", status.Events!.Value[0].GetProperty("kind").GetString());

        var g = (await _http.GetFromJsonAsync<GridEndpoints.GridResponse>($"api/v1/grid?slot={target}"))!;
        Assert.Equal((50_000L, 1_234L), (g.Links[0].CapacityForward, g.Links[0].CapacityBackward));
        var c = (await _http.GetFromJsonAsync<GridEndpoints.CapacityResponse>($"api/v1/grid/capacity?from=Z2&to=Z1&slot={target}"))!;
        Assert.Equal((1_234L, 50_000L, true), (c.Capacity, c.Normal, c.Overridden));
        var o = Assert.Single((await _http.GetFromJsonAsync<List<GridEndpoints.OverrideResponse>>("api/v1/grid/overrides"))!);
        Assert.Equal(new GridEndpoints.OverrideResponse("Z2", "Z1", target, target, 1_234), o);
    }

    [Fact]
    public async Task GridChange_ByAnyoneButTheDso_IsUnauthorized()
    {
        var status = await Commit(Sign("alice", new AddZoneMessage(new ZoneId("Z9"))));

        Assert.Equal((false, "unauthorized"), (status.Success, status.Code));
    }

    [Fact]
    public async Task Capacity_OfZonesWithoutALink_Is404UnknownLink()
    {
        var response = await _http.GetAsync("api/v1/grid/capacity?from=Z1&to=Z9");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(GridCodes.UnknownLink, await Code(response));
    }

    [Fact]
    public async Task Readings_SubmittedThroughTheMeteringPath_AreJudgedOneByOne_AndShowInMetersReadingsAndBalances()
    {
        await RegisterMeter();
        var good = Meter.Sign(DevChain.ChainId, Slot, new Wh(100), new Wh(1_500), new Wh(100), new Wh(1_500));
        var forged = good with { Exported = new Wh(1_600) };
        var tx = Sign("bob", new SubmitReadingsMessage([good, forged]));

        var admitted = (await (await _http.PostAsJsonAsync("api/v1/metering/readings", Batch(tx))).Content.ReadFromJsonAsync<List<SubmitResponse>>())!;
        Assert.True(Assert.Single(admitted).Accepted);
        _host.Chain.ProduceBlock(++_time);

        var status = (await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}"))!;
        Assert.True(status.Success);
        var events = EventJson.Read(status.Events!.Value.GetRawText())!.Select(e => e.Decode()).ToList();
        var rejected = Assert.IsType<ReadingRejected>(events[0]);
        Assert.Equal((1, MeteringCodes.BadSignature), (rejected.Index, rejected.Code));
        Assert.Equal(new ReadingsAccepted(1, "0"), Assert.Single(events, e => e is ReadingsAccepted));
        Assert.Equal(2, events.Count);

        var m = (await _http.GetFromJsonAsync<MeteringEndpoints.MeterResponse>($"api/v1/meters/{Meter.Id}"))!;
        Assert.Equal((Alice.ToString(), "Z2", "both", "solar", 8_000L, "active", "PV-7", (long?)Slot.Index, 100L, 1_500L),
            (m.Owner, m.Zone, m.Kind, m.Technology, m.RatedPowerW, m.Status, m.Serial, m.LastSlot, m.ImportRegister, m.ExportRegister));
        Assert.Equal(m, Assert.Single((await _http.GetFromJsonAsync<List<MeteringEndpoints.MeterResponse>>($"api/v1/meters?owner={Alice}"))!));
        Assert.Equal(m, Assert.Single((await _http.GetFromJsonAsync<List<MeteringEndpoints.MeterResponse>>("api/v1/meters"))!));
        Assert.Equal(new MeteringEndpoints.ReadingResponse(Meter.Id.ToString(), Slot.Index, 100, 1_500, 100, 1_500),
            await _http.GetFromJsonAsync<MeteringEndpoints.ReadingResponse>($"api/v1/meters/{Meter.Id}/readings/{Slot.Index}"));
        var expected = new MeteringEndpoints.EnergyBalanceResponse(Alice.ToString(), Slot.Index, 1_500, 100, 0, 0, 0, 0);
        Assert.Equal(expected, await _http.GetFromJsonAsync<MeteringEndpoints.EnergyBalanceResponse>($"api/v1/energy/{Alice}/{Slot.Index}"));
        Assert.Equal([expected], (await _http.GetFromJsonAsync<List<MeteringEndpoints.EnergyBalanceResponse>>(
            $"api/v1/energy/{Alice}?from={Slot.Index - 5}&to={Slot.Index + 5}"))!);
    }

    [Fact]
    public async Task MeteringPath_RefusesOtherMessagesAndBadSignatures_PerTransaction()
    {
        var transfer = Sign("alice", new TransferMessage(Alice, Token.Watt, new Amount(1)));
        var readings = Sign("bob", new SubmitReadingsMessage([Meter.Sign(DevChain.ChainId, Slot, new Wh(0), new Wh(1), new Wh(0), new Wh(1))]));
        var bytes = readings.Encoded.ToArray();
        bytes[^1] ^= 1;

        var response = await _http.PostAsJsonAsync("api/v1/metering/readings",
            new SubmitBatchRequest([Convert.ToHexStringLower(transfer.Encoded), Convert.ToHexStringLower(bytes)]));
        var results = (await response.Content.ReadFromJsonAsync<List<SubmitResponse>>())!;

        Assert.Equal([ReadingsAdmission.NotAReadingsBatch, "bad_signature"], results.Select(r => r.Code));
        var malformed = await _http.PostAsJsonAsync("api/v1/metering/readings", new SubmitBatchRequest(["zz"]));
        Assert.Equal((HttpStatusCode.BadRequest, "malformed"), (malformed.StatusCode, await Code(malformed)));
    }

    [Fact]
    public async Task UnknownOrMalformedMeters_GetProblemsWithCodes()
    {
        var bad = await _http.GetAsync("api/v1/meters/meter1nope");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_meter"), (bad.StatusCode, await Code(bad)));
        var unknown = await _http.GetAsync($"api/v1/meters/{Meter.Id}");
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (unknown.StatusCode, await Code(unknown)));
        var noReading = await _http.GetAsync($"api/v1/meters/{Meter.Id}/readings/5");
        Assert.Equal(HttpStatusCode.NotFound, noReading.StatusCode);
        var range = await _http.GetAsync($"api/v1/energy/{Alice}?from=10&to=1");
        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheGridAndMeteringEndpoints()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("api/v1/openapi.json"));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/grid", "/api/v1/grid/capacity", "/api/v1/grid/overrides", "/api/v1/metering/readings", "/api/v1/meters",
                     "/api/v1/meters/{id}", "/api/v1/meters/{id}/readings/{slot}", "/api/v1/energy/{address}/{slot}", "/api/v1/energy/{address}" })
        {
            Assert.True(paths.TryGetProperty(p, out _), $"{p} is missing from the OpenAPI document");
        }
    }
}
