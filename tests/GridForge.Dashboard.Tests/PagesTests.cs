using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using GridForge.Node.Api;
using Microsoft.Playwright;

namespace GridForge.Dashboard.Tests;

/// <summary>Every main page renders its content with no console error, passes an axe scan with no serious or critical
/// violation, and fits a phone's width. Screenshots go to GRIDFORGE_DASHBOARD_SCREENSHOTS when set (docs/dashboard.md).</summary>
[Collection(DashboardCollection.Name)]
public sealed class PagesTests(DashboardFixture fixture)
{
    /// <summary>Page, what proves it rendered its data, and its screenshot's name.</summary>
    public static TheoryData<string, string, string> Pages => new()
    {
        { "#/wallet", "[data-balance=watt-free]", "wallet" },
        { "#/market", ".zone-book svg.chart", "market" },
        { "#/energy", "svg.chart", "energy" },
        { "#/grid", "svg.grid-map", "grid" },
        { "#/governance", "text=Validators", "governance" },
        { "#/explorer", "text=Latest blocks", "explorer" },
        { "#/explorer/block/3", "text=End-of-block events", "explorer-block" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task MainPage_RendersWithoutConsoleErrors_AndHasNoSeriousAccessibilityViolation(string hash, string proof, string name)
    {
        var (context, page, errors) = await fixture.OpenAsAsync("member-01", hash);
        await using var _ = context;
        await page.Locator(proof).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 10_000 }).ContinueWith(_ => { });
        await Screenshot(page, name);
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n",
            serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
        lock (errors) Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("#/wallet", "[data-balance=watt-free]")]
    [InlineData("#/market", ".zone-book svg.chart")]
    public async Task OnAPhoneSizedScreen_ThePageFitsItsWidth_AndPassesAxe(string hash, string proof)
    {
        var (context, page, errors) = await fixture.OpenAsAsync("member-01", hash, width: 390, height: 844);
        await using var _ = context;
        await page.Locator(proof).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the phone's screen");
        await Screenshot(page, "phone-" + hash.Trim('#', '/').Replace('/', '-'));
        var axe = await page.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");
        lock (errors) Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task EveryScriptTheNodeServes_LoadsAsAModuleInTheBrowser()
    {
        var (context, page, errors) = await fixture.OpenAsync("#/explorer");
        await using var _ = context;
        var modules = Node.Dashboard.DashboardEndpoints.Paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal)).Order().ToArray();
        Assert.Contains("/assets/js/pages/market.js", modules);
        var failures = await page.EvaluateAsync<string[]>("""
            async (paths) => {
              const failed = [];
              for (const p of paths) { try { await import(p); } catch (e) { failed.push(`${p}: ${e}`); } }
              return failed;
            }
            """, modules);
        Assert.Empty(failures);
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task TheExplorersSearch_LeadsToABlock_ATransactionWithItsEvents_AndAnAccount()
    {
        var (context, page, _) = await fixture.OpenAsync("#/explorer");
        await using var __ = context;
        // The first block with a transaction (the community's setup), by its height.
        var height = 1;
        while ((await fixture.Node.Http.GetFromJsonAsync<List<BlockTransactionResponse>>($"api/v1/blocks/{height}/transactions"))!.Count == 0) height++;
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the chain" });
        await search.FillAsync(height.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await search.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Block {height}" })).ToBeVisibleAsync();

        // Its first transaction by its hash: its message and decoded events.
        var tx = await page.Locator("main a[href^='#/explorer/tx/']").First.GetAttributeAsync("href");
        var hash = tx!.Split('/')[^1];
        await search.FillAsync(hash);
        await search.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Events" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(hash);

        var alice = Core.Crypto.DevAccounts.AddressOf("alice").ToString();
        await search.FillAsync(alice);
        await search.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Transactions sent");
        await search.FillAsync("not a thing");
        await search.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Search by block height");
    }

    internal static async Task Screenshot(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("GRIDFORGE_DASHBOARD_SCREENSHOTS");
        var path = Path.Combine(string.IsNullOrEmpty(dir) ? Path.Combine(Path.GetTempPath(), "gridforge-dashboard-shots") : dir, name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000);
    }
}
