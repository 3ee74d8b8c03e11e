using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Tests;

/// <summary>Real answers of the main endpoints, on a chain with a meter, orders and a trade, contracts, a proposal and a sandbox deposit,
/// match the schemas the served OpenAPI document gives for them (docs/api.md, "OpenAPI").</summary>
public sealed class ApiResponseSchemaTests : InProcessNodeTest
{
    private static readonly SlotId Slot = new((Time / 900) + 4);
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Sha256("schema test meter"u8).ToArray());
    private static readonly Address Alice = DevAccounts.AddressOf("alice");
    private static readonly Address Bob = DevAccounts.AddressOf("bob");

    [Fact]
    public async Task TheMainEndpointsAnswers_MatchTheirDocumentedSchemas()
    {
        await Commit("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z1"), MeterKind.Both, MeterTechnology.Solar, 8_000, new Wh(0), new Wh(0),
            "PV-1"));
        await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000), new Wh(1_500)));
        var trade = await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(70_000), new Wh(1_000)));
        await Commit("alice", new CreateContractMessage(ContractTemplate.Residential, Address.None, Slot, Slot, 0, Amount.Zero,
            new ResidentialTerms(new ZoneId("Z1"), new Wh(100), new PricePerKwh(55_000), new Wh(2_000), new PricePerKwh(95_000), 0, false, [], [])));
        await Commit("alice", new CreateContractMessage(ContractTemplate.Ppa, Bob, Slot, new SlotId(Slot.Index + 96), 4, new Amount(1_000_000),
            new PpaTerms(new ZoneId("Z1"), new ZoneId("Z2"), true, new PricePerKwh(80_000), [new Wh(1_000), new Wh(2_000)], 800, new PricePerKwh(40_000),
            SettlementPeriod.Month)));
        await Commit("alice", new ProposeMessage(ProposalAction.SetParameter("tokens", "min_fee", 150), "a slightly higher fee floor"));
        var deposit = await _http.PostAsJsonAsync("api/v1/sandbox-bank/deposits", new { beneficiary = Alice.ToString(), amount = 5_000_000 });
        var schemas = await ResponseSchemas.LoadAsync(_http);
        await AssertMatches(schemas, "POST", "/api/v1/sandbox-bank/deposits", deposit, "POST a deposit");

        var block = _host.Chain.Height;
        var checks = new (string Template, string Url)[]
        {
            ("/api/v1/status", "api/v1/status"),
            ("/api/v1/blocks/{id}", "api/v1/blocks/latest"),
            ("/api/v1/blocks/{id}", $"api/v1/blocks/{block}"),
            ("/api/v1/blocks/{height}/transactions", $"api/v1/blocks/{block}/transactions"),
            ("/api/v1/blocks/{height}/events", $"api/v1/blocks/{block}/events"),
            ("/api/v1/transactions/{hash}", $"api/v1/transactions/{trade.Hash}"),
            ("/api/v1/accounts/{address}", $"api/v1/accounts/{Alice}"),
            ("/api/v1/accounts/{address}/proof", $"api/v1/accounts/{Alice}/proof?token=GRID"),
            ("/api/v1/market/slots/{slot}/book", $"api/v1/market/slots/{Slot.Index}/book"),
            ("/api/v1/market/slots/{slot}/trades", $"api/v1/market/slots/{Slot.Index}/trades"),
            ("/api/v1/market/slots/{slot}/links", $"api/v1/market/slots/{Slot.Index}/links"),
            ("/api/v1/market/summary", $"api/v1/market/summary?from={Slot.Index}&to={Slot.Index + 1}"),
            ("/api/v1/market/open", "api/v1/market/open"),
            ("/api/v1/market/orders/{id}", "api/v1/market/orders/1"),
            ("/api/v1/market/accounts/{address}/orders", $"api/v1/market/accounts/{Alice}/orders"),
            ("/api/v1/market/accounts/{address}/trades", $"api/v1/market/accounts/{Bob}/trades"),
            ("/api/v1/market/accounts/{address}/settlements", $"api/v1/market/accounts/{Bob}/settlements"),
            ("/api/v1/market/accounts/{address}/certificates", $"api/v1/market/accounts/{Alice}/certificates"),
            ("/api/v1/market/accounts/{address}/debt", $"api/v1/market/accounts/{Alice}/debt"),
            ("/api/v1/meters", "api/v1/meters"),
            ("/api/v1/meters/{id}", $"api/v1/meters/{Meter.Id}"),
            ("/api/v1/energy/{address}/{slot}", $"api/v1/energy/{Alice}/{Slot.Index}"),
            ("/api/v1/grid", "api/v1/grid"),
            ("/api/v1/grid/overrides", "api/v1/grid/overrides"),
            ("/api/v1/contracts/templates", "api/v1/contracts/templates"),
            ("/api/v1/contracts", "api/v1/contracts"),
            ("/api/v1/contracts/{id}", "api/v1/contracts/1"),
            ("/api/v1/contracts/{id}", "api/v1/contracts/2"),
            ("/api/v1/contracts/{id}/history", "api/v1/contracts/1/history"),
            ("/api/v1/contracts/{id}/periods", "api/v1/contracts/2/periods"),
            ("/api/v1/governance/proposals", "api/v1/governance/proposals"),
            ("/api/v1/governance/proposals/{id}", "api/v1/governance/proposals/1"),
            ("/api/v1/governance/proposals/{id}/votes", "api/v1/governance/proposals/1/votes"),
            ("/api/v1/governance/params", "api/v1/governance/params"),
            ("/api/v1/staking/era", "api/v1/staking/era"),
            ("/api/v1/staking/validators", "api/v1/staking/validators"),
            ("/api/v1/staking/accounts/{address}", $"api/v1/staking/accounts/{Alice}"),
            ("/api/v1/staking/issuance", "api/v1/staking/issuance"),
            ("/api/v1/watt/supply", "api/v1/watt/supply"),
            ("/api/v1/watt/issuers", "api/v1/watt/issuers"),
            ("/api/v1/sandbox-bank/deposits", "api/v1/sandbox-bank/deposits"),
            ("/api/v1/disputes", "api/v1/disputes"),
            ("/api/v1/disputes/arbitrators", "api/v1/disputes/arbitrators"),
            ("/api/v1/mqtt", "api/v1/mqtt"),
            // A refusal matches the problem schema.
            ("/api/v1/market/orders/{id}", "api/v1/market/orders/999"),
        };
        foreach (var (template, url) in checks)
        {
            using var response = await _http.GetAsync(url);
            await AssertMatches(schemas, "GET", template, response, url);
        }
    }

    [Fact]
    public async Task AnAnswerMissingARequiredMember_BreaksItsSchema()
    {
        // The check itself can fail: a status without its chain id, or with a string height, is refused.
        var schemas = await ResponseSchemas.LoadAsync(_http);
        var status = await _http.GetStringAsync("api/v1/status");
        Assert.Empty(schemas.Check("GET", "/api/v1/status", 200, "application/json", status));
        Assert.NotEmpty(schemas.Check("GET", "/api/v1/status", 200, "application/json", status.Replace("\"chainId\"", "\"chain\"", StringComparison.Ordinal)));
        Assert.NotEmpty(schemas.Check("GET", "/api/v1/status", 200, "application/json", System.Text.RegularExpressions.Regex
            .Replace(status, "\"height\":(\\d+)", "\"height\":\"$1\"")));
        Assert.NotEmpty(schemas.Check("GET", "/api/v1/market/orders/{id}", 404, "application/problem+json", "{\"status\":404}"));
    }

    private static async Task AssertMatches(ResponseSchemas schemas, string method, string template, HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(schemas.Documents(method, template, status), $"{what} → {status} is not documented: {body}");
        var broken = schemas.Check(method, template, status, response.Content.Headers.ContentType?.MediaType, body);
        Assert.True(broken.Count == 0, $"{what} → {status} breaks its schema: {string.Join("; ", broken)}\n{body}");
    }
}
