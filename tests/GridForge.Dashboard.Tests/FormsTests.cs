using System.Globalization;
using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Governance;
using Microsoft.Playwright;

namespace GridForge.Dashboard.Tests;

/// <summary>The other signed actions a person takes in the page: amend and cancel an order, create a residential trading
/// rule and see what it did, retire a certificate, the DSO's capacity override and meter registration, and a vote.</summary>
[Collection(DashboardCollection.Name)]
public sealed class FormsTests(DashboardFixture fixture)
{
    [Fact]
    public async Task AnOrderAmendedThenCancelledInThePage_ChangesInTheBookThenLeavesIt()
    {
        var (context, page, errors) = await fixture.OpenAsAsync("dso", "#/market");
        await using var _ = context;
        var grid = (await fixture.Node.Http.GetFromJsonAsync<GridEndpoints.GridResponse>("api/v1/grid"))!;
        // A slot far ahead and a price nobody sells at: the bid rests.
        await page.Locator("select[name=slot]").SelectOptionAsync((grid.CurrentSlot + 40).ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Price, WATT/kWh").FillAsync("0.001");
        await page.GetByLabel("Quantity, Wh").FillAsync("400");
        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Review and place" }));
        var resting = page.Locator("[data-order-status=resting]").First;
        await Assertions.Expect(resting).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = resting });
        var id = (await row.Locator("td").First.InnerTextAsync()).Trim();

        await page.GetByLabel($"New remaining quantity of order {id}, Wh").FillAsync("150");
        await DashboardFixture.SignAsync(page, row.GetByRole(AriaRole.Button, new() { Name = "Amend" }));
        await Assertions.Expect(page.GetByText($"Amend order {id}: committed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var order = (await fixture.Node.Http.GetFromJsonAsync<MarketEndpoints.OrderResponse>($"api/v1/market/orders/{id}"))!;
        Assert.Equal(150, order.Remaining);

        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"{id}" })
            .GetByRole(AriaRole.Button, new() { Name = "Cancel" }).First);
        await Assertions.Expect(page.GetByText($"Cancel order {id}: committed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal("cancelled", (await fixture.Node.Http.GetFromJsonAsync<MarketEndpoints.OrderResponse>($"api/v1/market/orders/{id}"))!.Status);
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task TheOrderFormsEstimate_TakesTheCheapestAllInPriceFirst_CappedByTheLinksRoom_AndRoundsAsTheChain()
    {
        var (context, page, _) = await fixture.OpenAsync("#/explorer");
        await using var __ = context;
        // A buy of 1,000 Wh in Z2 at up to 0.08 all-in: Z1's ask costs 0.06 + the link's 0.01 (but the link has room for
        // 200 Wh), Z2's own ask 0.07 + the local 0.005; Z3's ask is dearer than the limit.
        var result = await page.EvaluateAsync<string[]>("""
            async () => {
              const m = await import('/assets/js/pages/market.js');
              const books = { zones: [
                { zone: 'Z1', bids: [], asks: [{ price: 60000, quantity: 500, orders: 1 }] },
                { zone: 'Z2', bids: [], asks: [{ price: 70000, quantity: 300, orders: 1 }] },
                { zone: 'Z3', bids: [], asks: [{ price: 79000, quantity: 900, orders: 1 }] } ] };
              const links = { localFee: 5000, links: [
                { from: 'Z1', to: 'Z2', fee: 10000, room: 200 }, { from: 'Z3', to: 'Z2', fee: 8000, room: 5000 } ] };
              const e = m.estimate({ side: 'buy', zone: 'Z2', limit: 80000, quantity: 1000, market: false }, books, links);
              return [e.fills.map((f) => `${f.zone}:${f.q}@${f.allIn}`).join(' '), String(e.filled), String(e.rest), String(e.value),
                String(m.escrowOf('buy', 80000, 1001)), String(m.escrowOf('sell', -5000, 3)), String(m.escrowOf('sell', 5000, 3)),
                String(m.escrowOf('buy', 9999990, 1000000000))];
            }
            """);
        // 200 × 0.07 = 14,000 µWATT and 300 × 0.075 = 22,500; the rest (500 Wh) would rest.
        Assert.Equal(["Z1:200@70000 Z2:300@75000", "500", "500", "36500", "80080", "15", "0", "9999990000000"], result);
    }

    [Fact]
    public async Task AResidentialRuleCreatedFromTheForm_IsActive_AndShowsWhatItDid()
    {
        var (context, page, errors) = await fixture.OpenAsAsync("issuer", "#/energy");
        await using var _ = context;
        await page.GetByLabel("Sell at no less than, WATT/kWh").FillAsync("0.07");
        await page.GetByLabel("Run for, days").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Review and create" }).ClickAsync();
        await Assertions.Expect(page.Locator("dialog")).ToContainTextAsync("at ≥ 0.0700 WATT/kWh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and send" }).ClickAsync();
        await Assertions.Expect(page.GetByText("What contract #")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "contract_created" })).ToBeVisibleAsync();
        var issuer = DevAccounts.AddressOf("issuer").ToString();
        var contracts = (await fixture.Node.Http.GetFromJsonAsync<List<ContractsEndpoints.ContractResponse>>($"api/v1/contracts?account={issuer}"))!;
        var contract = Assert.Single(contracts);
        Assert.Equal(("residential", "active"), (contract.Template, contract.Status));
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task TheDso_SetsACapacityOverride_AndRegistersAMeter_FromThePage()
    {
        var (context, page, errors) = await fixture.OpenAsAsync("dso", "#/grid");
        await using var _ = context;
        await page.GetByLabel("Capacity, Wh per slot").FillAsync("1234");
        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Review and set" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "1,234 Wh" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var overrides = (await fixture.Node.Http.GetFromJsonAsync<List<GridEndpoints.OverrideResponse>>("api/v1/grid/overrides"))!;
        Assert.Contains(overrides, o => o.Capacity == 1234);

        using var meterKey = SigningKey.FromSeed(Hashing.Domain("dashboard test meter", [2]).ToArray());
        var meter = new Runtime.Modules.Metering.MeterId(meterKey.PublicKey).ToString();
        await page.GetByLabel("Meter id").FillAsync(meter);
        await page.GetByLabel("Owner").FillAsync("bob");
        await page.GetByLabel("Serial").FillAsync("<b>SN</b>");
        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Review and register" }));
        await Assertions.Expect(page.GetByText("Register a meter: committed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var registered = (await fixture.Node.Http.GetFromJsonAsync<MeteringEndpoints.MeterResponse>($"api/v1/meters/{meter}"))!;
        Assert.Equal((DevAccounts.AddressOf("bob").ToString(), "<b>SN</b>"), (registered.Owner, registered.Serial));
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task AVoteCastInThePage_CountsInTheLiveTally()
    {
        using var bob = DevAccounts.Key("bob");
        var proposed = await fixture.CommitAsync(bob, new ProposeMessage(ProposalAction.Text(), "vote test: keep the lights on"));
        Assert.True(proposed.Success == true, $"{proposed.Code}: {proposed.Message}");
        var (context, page, errors) = await fixture.OpenAsAsync("validator", "#/governance");
        await using var _ = context;
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "vote test: keep the lights on" });
        await DashboardFixture.SignAsync(page, row.GetByRole(AriaRole.Button, new() { Name = "yes" }));
        await Assertions.Expect(row).ToContainTextAsync("yes 900,000 GRID", new() { Timeout = 30_000 });
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task ACertificateRetiredInThePage_IsClaimed()
    {
        // A consumer of the community buys delivered solar or wind energy: its certificates come with settlement.
        var buyer = await FindCertificateHolder();
        var (context, page, errors) = await fixture.OpenAsAsync(buyer.Name, "#/wallet");
        await using var _ = context;
        // The member's own agent (the dev community) signs a forecast with the same key every slot. The page signs after the
        // transactions already waiting (pendingNonce), but a forecast sent while the dialog is open takes the nonce first: the node
        // refuses the page's submission (nonce_replayed) and the page signs again with the next (as ANonceAnotherClientTookFirst
        // checks). The browser logs that refusal as a failed resource; it is the only console error allowed here.
        var refused = new List<Task<string>>();
        page.Response += (_, r) =>
        {
            if (r.Status >= 400 && r.Request.Method == "POST" && r.Url == fixture.Url + "/api/v1/transactions") lock (refused) refused.Add(r.TextAsync());
        };
        await page.GotoAsync(fixture.Url + "/#/energy");
        var input = page.GetByLabel($"Wh of certificate {buyer.Certificate.Id} to retire");
        await input.FillAsync("1");
        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Row).Filter(new() { Has = input })
            .GetByRole(AriaRole.Button, new() { Name = "Retire" }));
        await Assertions.Expect(page.GetByText($"Retire 1 Wh of certificate {buyer.Certificate.Id}: committed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var after = (await fixture.Node.Http.GetFromJsonAsync<List<MarketEndpoints.CertificateResponse>>(
            $"api/v1/market/accounts/{buyer.Certificate.Owner}/certificates"))!;
        Assert.Equal(buyer.Certificate.Retired + 1, after.Single(c => c.Id == buyer.Certificate.Id).Retired);
        Task<string>[] bodies;
        lock (refused) bodies = [.. refused];
        foreach (var body in bodies) Assert.Contains("\"code\":\"nonce_replayed\"", await body, StringComparison.Ordinal);
        var refusedSubmission = $"error: Failed to load resource: the server responded with a status of 400 (Bad Request) ({fixture.Url}/api/v1/transactions:";
        lock (errors) Assert.All(errors, e => Assert.StartsWith(refusedSubmission, e, StringComparison.Ordinal));
        lock (errors) Assert.Equal(bodies.Length, errors.Count);
    }

    private async Task<(string Name, MarketEndpoints.CertificateResponse Certificate)> FindCertificateHolder()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            for (var n = 1; n <= DashboardFixture.Households; n++)
            {
                var name = $"member-{n:D2}";
                using var key = SigningKey.FromSeed(Hashing.Domain("gridforge community member", System.Text.Encoding.UTF8.GetBytes(name)).ToArray());
                var certificates = (await fixture.Node.Http
                    .GetFromJsonAsync<List<MarketEndpoints.CertificateResponse>>($"api/v1/market/accounts/{key.Address}/certificates"))!;
                if (certificates.FirstOrDefault(c => c.Retired < c.Wh) is { } c) return (name, c);
            }

            Assert.True(DateTime.UtcNow < deadline, "no certificate was issued within 90 s (no delivered solar or wind trade settled)");
            await Task.Delay(2_000);
        }
    }
}
