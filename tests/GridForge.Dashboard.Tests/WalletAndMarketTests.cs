using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using Microsoft.Playwright;

namespace GridForge.Dashboard.Tests;

/// <summary>What a person does in the browser: import a dev key, place an order that trades against the dev community and
/// see the trade and the balance change; send a transfer signed in the page; deposit WATT at the sandbox bank; read a
/// refusal in words.</summary>
[Collection(DashboardCollection.Name)]
public sealed class WalletAndMarketTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ABuyOrderPlacedInThePage_TradesAgainstTheCommunity_AndTheTradeAndTheBalanceChangeShowLive()
    {
        var (context, page, errors) = await fixture.OpenAsAsync("alice", "#/wallet");
        await using var _ = context;
        var alice = DevAccounts.AddressOf("alice").ToString();
        var reservedBefore = await page.Locator("[data-balance=watt-reserved]").InnerTextAsync();
        var before = await fixture.AccountAsync(alice);

        await page.GotoAsync(fixture.Url + "/#/market");
        var grid = (await fixture.Node.Http.GetFromJsonAsync<GridEndpoints.GridResponse>("api/v1/grid"))!;
        // Three slots ahead: the community's rules place their offers for it 15 minutes of chain time before it starts,
        // after this bid rests in the book.
        var slot = (grid.CurrentSlot + 3).ToString(CultureInfo.InvariantCulture);
        await page.Locator("select[name=slot]").SelectOptionAsync(slot);
        await page.Locator("select[name=side]").SelectOptionAsync("buy");
        await page.Locator("select[name=zone]").SelectOptionAsync("Z1");
        await page.GetByLabel("Price, WATT/kWh").FillAsync("0.25");
        await page.GetByLabel("Quantity, Wh").FillAsync("200");
        await Assertions.Expect(page.Locator("[data-cost]")).ToContainTextAsync("Escrow at signing: 0.05 WATT");
        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Review and place" }));
        await Assertions.Expect(page.GetByText("committed in block")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The trade arrives through the market stream, without a reload.
        await Assertions.Expect(page.Locator(".live-trades").GetByText("you bought").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var trades = await fixture.Node.Http.GetFromJsonAsync<List<MarketEndpoints.TradeResponse>>($"api/v1/market/accounts/{alice}/trades");
        Assert.Contains(trades!, t => t.Slot.ToString(CultureInfo.InvariantCulture) == slot && t.Buyer == alice);

        await page.GotoAsync(fixture.Url + "/#/wallet");
        var reservedAfter = page.Locator("[data-balance=watt-reserved]");
        await Assertions.Expect(reservedAfter).Not.ToHaveTextAsync(reservedBefore);
        var after = await fixture.AccountAsync(alice);
        Assert.True(after.Watt.Reserved > before.Watt.Reserved, "the trade's and the bid's escrow are reserved");
        Assert.True(after.Watt.Free < before.Watt.Free);
        Assert.Equal(Format(after.Watt.Reserved), await reservedAfter.InnerTextAsync());
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task ATransferSignedInThePage_IsCommitted_AndIsTheCliTransactionByteForByte()
    {
        var (context, page, errors) = await fixture.OpenAsAsync("bob", "#/wallet");
        await using var _ = context;
        var charlie = DevAccounts.AddressOf("charlie").ToString();
        var before = await fixture.AccountAsync(charlie);

        await page.GetByLabel("To", new() { Exact = true }).FillAsync("charlie");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("1.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Review and send" }).ClickAsync();
        await Assertions.Expect(page.Locator("dialog")).ToContainTextAsync(charlie);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and send" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-status=committed]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        Assert.Equal(before.Watt.Free + 1_500_000UL, (await fixture.AccountAsync(charlie)).Watt.Free);
        var hex = await page.Locator("[data-signed-tx]").First.TextContentAsync();
        var bytes = Convert.FromHexString(hex!);
        // The fields the page chose (chain id, nonce, fee, expiry) read back from its bytes; the rest must be the CLI's.
        var chainIdLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(1));
        var chainId = System.Text.Encoding.UTF8.GetString(bytes, 5, chainIdLength);
        var at = 5 + chainIdLength + 32;
        var nonce = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
        var fee = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at + 8));
        var expiry = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at + 16));
        using var bob = DevAccounts.Key("bob");
        var cli = Transaction.Sign(bob, chainId, nonce, fee, expiry, new TransferMessage(Address.Parse(charlie), Token.Watt, new Amount(1_500_000)));
        Assert.Equal(Convert.ToHexStringLower(cli.Encoded), hex);
        Assert.Equal((await fixture.StatusAsync()).MinFee, fee);

        // A transfer beyond the balance is included, refused, and explained in words.
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("999999999");
        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Review and send" }));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not enough free balance" }))
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-status=refused]")).ToBeVisibleAsync();
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task ANonceAnotherClientTookFirst_IsSignedAgainWithTheNext_AndWhatWasConfirmedIsSentOnce()
    {
        var (context, page, errors) = await fixture.OpenAsAsync("bob", "#/wallet");
        await using var _ = context;
        var bob = DevAccounts.AddressOf("bob").ToString();
        var charlie = DevAccounts.AddressOf("charlie").ToString();
        await page.GetByLabel("To", new() { Exact = true }).FillAsync("charlie");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("0.25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Review and send" }).ClickAsync();
        await Assertions.Expect(page.Locator("dialog")).ToContainTextAsync(charlie);
        var nonce = (await fixture.AccountAsync(bob)).Nonce;

        // While the dialog is open, another client of bob's account (the CLI) takes the nonce it shows.
        using (var key = DevAccounts.Key("bob")) await fixture.CommitAsync(key, new TransferMessage(DevAccounts.AddressOf("alice"), Token.Watt, new Amount(1)));
        var before = await fixture.AccountAsync(charlie);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and send" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-status=committed]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(before.Watt.Free + 250_000UL, (await fixture.AccountAsync(charlie)).Watt.Free);
        Assert.Equal(nonce + 2, (await fixture.AccountAsync(bob)).Nonce);
        // The browser logs the refused first submission (a 4xx) as a failed resource; nothing else may go wrong.
        lock (errors) Assert.All(errors, e => Assert.StartsWith("error: Failed to load resource: the server responded with a status of 4", e,
            StringComparison.Ordinal));
        lock (errors) Assert.Single(errors);
    }

    [Fact]
    public async Task ADepositAtTheSandboxBank_FromThePage_IsMinted_AndARedemptionIsPaidOut()
    {
        var (context, page, errors) = await fixture.OpenAsAsync("charlie", "#/wallet");
        await using var _ = context;
        var charlie = DevAccounts.AddressOf("charlie").ToString();
        await page.GetByLabel("Amount (fiat)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deposit at the sandbox bank" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Deposited: reference")).ToBeVisibleAsync();
        var deposits = (await fixture.Node.Http.GetFromJsonAsync<List<SandboxDepositResponse>>("api/v1/sandbox-bank/deposits"))!;
        var mine = Assert.Single(deposits, d => d.Beneficiary == charlie);
        Assert.Equal(20_000_000UL, mine.Amount);
        // The issuer's bridge (run by the dev community once a slot) mints it; the page's table shows it.
        await page.Locator("select[name=token]").WaitForAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await fixture.Node.Http.GetFromJsonAsync<SandboxDepositResponse>($"api/v1/sandbox-bank/deposits/{mine.Reference}"))!.MintedBy is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the deposit was not minted within a minute");
            await Task.Delay(500);
        }

        // Away and back (no reload: the key stays in the page's memory), and the wallet reads the deposits again.
        await page.GotoAsync(fixture.Url + "/#/explorer");
        await page.GotoAsync(fixture.Url + "/#/wallet");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = mine.Reference })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = mine.Reference })).ToContainTextAsync("yes");

        // And out again: a redemption signed in the page burns the WATT; the issuer's bridge pays it out at the bank.
        var before = await fixture.AccountAsync(charlie);
        await page.GetByLabel("Redeem WATT").FillAsync("5");
        await page.GetByLabel("Pay out to").FillAsync("charlie-test-bank");
        await DashboardFixture.SignAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Review and redeem" }));
        await Assertions.Expect(page.GetByText("Redeem 5 WATT: committed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True((await fixture.AccountAsync(charlie)).Watt.Free <= before.Watt.Free - 5_000_000);
        deadline = DateTime.UtcNow.AddSeconds(60);
        // The wallet's ramp is the dev community's issuer, whose bridge the community runs (docs/community.md).
        var issuer = DevAccounts.AddressOf(DevAccounts.CommunityIssuer);
        while (!(await fixture.Node.Http.GetFromJsonAsync<List<WattRedemptionResponse>>($"api/v1/watt/issuers/{issuer}/redemptions?status=all"))!
            .Any(r => r.Holder == charlie && r.PayoutReference == "charlie-test-bank" && r.Status == "paid"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the redemption was not paid out and confirmed within a minute; bank payouts: " +
                $"{await fixture.Node.Http.GetStringAsync("api/v1/sandbox-bank/payouts")}");
            await Task.Delay(500);
        }

        await page.GotoAsync(fixture.Url + "/#/explorer");
        await page.GotoAsync(fixture.Url + "/#/wallet");
        await Assertions.Expect(page.Locator("[data-redemption=paid]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        lock (errors) Assert.Empty(errors);
    }

    private static string Format(ulong micro)
    {
        var whole = (micro / 1_000_000).ToString("N0", CultureInfo.InvariantCulture);
        var frac = (micro % 1_000_000).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
        return frac.Length == 0 ? $"{whole} WATT" : $"{whole}.{frac} WATT";
    }
}
