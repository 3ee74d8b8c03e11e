using GridForge.Core.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests.Stablecoin;

/// <summary>The WATT and sandbox bank endpoints against a real dev node in-process; blocks are produced by the test.</summary>
public sealed class StablecoinApiTests : IAsyncLifetime
{
    private const long Time = 1_800_000_000;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "gridforge-watt-api-" + Guid.NewGuid().ToString("N"));
    private NodeHost _host = null!;
    private HttpClient _http = null!;
    private long _time = Time;

    private static readonly string Issuer = DevAccounts.AddressOf("issuer").ToString();
    private static readonly ulong GenesisWatt = 6 * DevChain.StartingBalance;

    public async Task InitializeAsync()
    {
        var chain = ChainNode.Open(_data, DevChain.Genesis(Time), DevAccounts.Key("validator"));
        _host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: false);
        _http = new HttpClient { BaseAddress = new Uri(_host.Url + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, true);
    }

    private async Task Commit(string from, IMessage message)
    {
        var key = DevAccounts.Key(from);
        var account = await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{key.Address}");
        var tx = Transaction.Sign(key, DevChain.ChainId, account!.Nonce, 100, 1_000, message);
        var response = await _http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        _host.Chain.ProduceBlock(++_time);
        var status = await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}");
        Assert.True(status!.Success, $"{status.Code}: {status.Message}");
    }

    private static async Task<string?> Code(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString();
    }

    [Fact]
    public async Task Supply_AtGenesis_CountsTheGenesisWattAsMinted_OwedByTheDefaultDevIssuer_BesideTheCommunitysIssuer()
    {
        var supply = await _http.GetFromJsonAsync<WattSupplyResponse>("api/v1/watt/supply");

        Assert.Equal(new WattSupplyResponse(GenesisWatt, GenesisWatt, 0, GenesisWatt, 0, GenesisWatt, GenesisWatt, 2, 0, 0, 0), supply);
        var issuers = (await _http.GetFromJsonAsync<List<WattIssuerResponse>>("api/v1/watt/issuers"))!;
        var issuer = Assert.Single(issuers, i => i.Address == Issuer);
        Assert.Equal((Issuer, true, GenesisWatt, 0UL, true), (issuer.Attestor, issuer.Active, issuer.Outstanding, issuer.Headroom, issuer.Default));
        // The dev community's own issuer (docs/community.md): nothing outstanding, no reserves, not the default.
        var community = Assert.Single(issuers, i => i.Address != Issuer);
        Assert.Equal((DevAccounts.AddressOf(DevAccounts.CommunityIssuer).ToString(), true, 0UL, 0UL, false),
            (community.Address, community.Active, community.Outstanding, community.Reserves, community.Default));
    }

    [Fact]
    public async Task MintRedeemAndPayout_ShowUpInSupplyIssuerDepositsAndRedemptions()
    {
        var alice = DevAccounts.AddressOf("alice");
        var head = _host.Chain.GenesisTime;
        _host.Chain.ProduceBlock(++_time);
        await Commit("alice", new AttestMessage(DevAccounts.AddressOf("issuer"), new Amount(GenesisWatt + 50_000_000), _time,
            ReserveAttestation.Sign(DevAccounts.Key("issuer"), DevChain.ChainId, DevAccounts.AddressOf("issuer"), GenesisWatt + 50_000_000, _time)));
        await Commit("issuer", new MintMessage(alice, new Amount(50_000_000), "DEP-API-1"));
        await Commit("alice", new RedeemMessage(DevAccounts.AddressOf("issuer"), new Amount(20_000_000), "alice-bank"));

        var deposit = await _http.GetFromJsonAsync<WattDepositResponse>($"api/v1/watt/issuers/{Issuer}/deposits/DEP-API-1");
        Assert.Equal((alice.ToString(), 50_000_000UL), (deposit!.To, deposit.Amount));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"api/v1/watt/issuers/{Issuer}/deposits/DEP-NONE")).StatusCode);
        var supply = await _http.GetFromJsonAsync<WattSupplyResponse>("api/v1/watt/supply");
        Assert.Equal((GenesisWatt + 30_000_000, GenesisWatt + 50_000_000, 20_000_000UL, 1, 20_000_000UL),
            (supply!.TotalSupply, supply.Minted, supply.Burned, supply.PendingRedemptions, supply.PendingAmount));
        var pending = Assert.Single((await _http.GetFromJsonAsync<List<WattRedemptionResponse>>($"api/v1/watt/issuers/{Issuer}/redemptions"))!);
        Assert.Equal((1UL, "pending", "alice-bank"), (pending.Id, pending.Status, pending.PayoutReference));

        await Commit("issuer", new ConfirmPayoutMessage(1, "PAY-MANUAL", new Amount(20_000_000), "alice-bank"));

        var paid = await _http.GetFromJsonAsync<WattRedemptionResponse>("api/v1/watt/redemptions/1");
        Assert.Equal(("paid", "PAY-MANUAL"), (paid!.Status, paid.BankReference));
        Assert.Empty((await _http.GetFromJsonAsync<List<WattRedemptionResponse>>($"api/v1/watt/issuers/{Issuer}/redemptions?status=pending"))!);
        Assert.Single((await _http.GetFromJsonAsync<List<WattRedemptionResponse>>($"api/v1/watt/issuers/{Issuer}/redemptions?status=all"))!);
        Assert.True(head < _time);
    }

    [Fact]
    public async Task UnknownIssuersAndRedemptions_Are404_AndBadAddresses400()
    {
        Assert.Equal("not_found", await Code(await _http.GetAsync($"api/v1/watt/issuers/{DevAccounts.AddressOf("bob")}")));
        Assert.Equal("not_found", await Code(await _http.GetAsync("api/v1/watt/redemptions/7")));
        Assert.Equal("invalid_address", await Code(await _http.GetAsync("api/v1/watt/issuers/grid1nope")));
        Assert.Equal("bad_request", await Code(await _http.GetAsync($"api/v1/watt/issuers/{Issuer}/redemptions?status=paid")));
    }

    [Fact]
    public async Task SandboxBank_TakesADeposit_IntoTheIssuersReserve_OpenedWithTheGenesisBacking()
    {
        var response = await _http.PostAsJsonAsync("api/v1/sandbox-bank/deposits",
            new SandboxDepositRequest(null, DevAccounts.AddressOf("bob").ToString(), 12_000_000, "bob-bank"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deposit = await response.Content.ReadFromJsonAsync<SandboxDepositResponse>();
        Assert.Matches("^DEP-[0-9A-F]{16}$", deposit!.Reference);
        Assert.Equal($"/api/v1/sandbox-bank/deposits/{deposit.Reference}", response.Headers.Location!.OriginalString);
        Assert.Equal((Issuer, 12_000_000UL, (string?)null), (deposit.Issuer, deposit.Amount, deposit.MintedBy));
        var reserve = await _http.GetFromJsonAsync<SandboxAccountResponse>($"api/v1/sandbox-bank/reserves/{Issuer}");
        Assert.Equal(GenesisWatt + 12_000_000, reserve!.Balance);
        var unminted = await _http.GetFromJsonAsync<List<SandboxDepositResponse>>($"api/v1/sandbox-bank/deposits?issuer={Issuer}&unminted=true");
        Assert.Equal(deposit, Assert.Single(unminted!));
        Assert.Equal("invalid_request", await Code(await _http.PostAsJsonAsync("api/v1/sandbox-bank/deposits",
            new SandboxDepositRequest(null, Issuer, 0, null))));
    }

    [Fact]
    public async Task SandboxBank_RefusesWhatTheChainWould_ADepositToANonIssuer_AndAnAmountWrittenAsText()
    {
        var bob = DevAccounts.AddressOf("bob").ToString();
        var toStranger = await _http.PostAsJsonAsync("api/v1/sandbox-bank/deposits", new SandboxDepositRequest(bob, bob, 12_000_000, "bob-bank"));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown_issuer"), (toStranger.StatusCode, await Code(toStranger)));

        var asText = await _http.PostAsync("api/v1/sandbox-bank/deposits",
            new StringContent($"{{\"beneficiary\":\"{bob}\",\"amount\":\"12000000\"}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal((HttpStatusCode.BadRequest, "malformed"), (asText.StatusCode, await Code(asText)));
        Assert.Empty((await _http.GetFromJsonAsync<List<SandboxDepositResponse>>("api/v1/sandbox-bank/deposits"))!);
    }

    [Fact]
    public async Task SandboxBank_PaysOnlyRedemptionsThatExistOnChain_WithTheSameDetails_AndShowsPayoutStatus()
    {
        _host.Chain.ProduceBlock(++_time);
        await Commit("alice", new RedeemMessage(DevAccounts.AddressOf("issuer"), new Amount(3_000_000), "alice-bank"));
        var key = Bank.PayoutInstruction.KeyOf(DevChain.ChainId, _host.Chain.GenesisHash, 1);

        Assert.Equal("payout_mismatch", await Code(await _http.PostAsJsonAsync("api/v1/sandbox-bank/payouts",
            new SandboxPayoutRequest(key, Issuer, 4_000_000, "alice-bank"))));
        Assert.Equal("not_found", await Code(await _http.PostAsJsonAsync("api/v1/sandbox-bank/payouts",
            new SandboxPayoutRequest(Bank.PayoutInstruction.KeyOf(DevChain.ChainId, _host.Chain.GenesisHash, 2), Issuer, 1, "x"))));
        Assert.Equal("bad_request", await Code(await _http.PostAsJsonAsync("api/v1/sandbox-bank/payouts",
            new SandboxPayoutRequest($"{DevChain.ChainId}:1", Issuer, 3_000_000, "alice-bank"))));
        var status = await _http.GetFromJsonAsync<PayoutStatusResponse>("api/v1/sandbox-bank/payouts/1");
        Assert.Equal(("pending", (SandboxPayoutResponse?)null), (status!.ChainStatus, status.BankPayout));

        var paid = await (await _http.PostAsJsonAsync("api/v1/sandbox-bank/payouts", new SandboxPayoutRequest(key, Issuer, 3_000_000, "alice-bank"))).Content
            .ReadFromJsonAsync<SandboxPayoutResponse>();
        var again = await (await _http.PostAsJsonAsync("api/v1/sandbox-bank/payouts", new SandboxPayoutRequest(key, Issuer, 3_000_000, "alice-bank"))).Content
            .ReadFromJsonAsync<SandboxPayoutResponse>();

        Assert.Equal(paid, again);
        Assert.Equal(paid, (await _http.GetFromJsonAsync<PayoutStatusResponse>("api/v1/sandbox-bank/payouts/1"))!.BankPayout);
        Assert.Equal(3_000_000UL, (await _http.GetFromJsonAsync<SandboxAccountResponse>("api/v1/sandbox-bank/accounts/customer:alice-bank"))!.Balance);
    }

    [Fact]
    public async Task TheOpenApiDocument_ListsTheWattAndSandboxBankEndpoints()
    {
        var doc = await _http.GetStringAsync("api/v1/openapi.json");

        Assert.Contains("/api/v1/watt/supply", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/sandbox-bank/payouts/{redemptionId}", doc, StringComparison.Ordinal);
    }
}
