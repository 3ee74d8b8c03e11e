using System.Net.Http.Json;
using GridForge.Chain;
using GridForge.Cli.Tests;
using GridForge.Core.Crypto;
using GridForge.Node.Api;
using GridForge.Runtime.Transactions;
using Microsoft.Playwright;

namespace GridForge.Dashboard.Tests;

/// <summary>One real `gridforge node --dev` process with a small community, and one headless Debian chromium, shared by
/// every dashboard test (starting them is most of the suite's time). The chain starts on a June morning so the community's
/// solar households have surplus to sell, runs 96× real time, and closes the metering window 30 minutes after a slot, so
/// trades settle while the tests run.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium lives (`apt-get install chromium`; .ci/run installs it). Never a downloaded browser.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public const int Households = 12;

    private readonly string _data = CliRunner.TempDir();
    private IPlaywright? _playwright;

    internal NodeProcess Node { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Url => Node.Url;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException(
            $"{Chromium} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)");
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year + 1, 6, 21, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var genesis = DevChain.Genesis(start);
        genesis.Params["metering"] = new(StringComparer.Ordinal) { ["acceptance_window_s"] = 1_800 };
        var genesisPath = Path.Combine(_data, "genesis.json");
        await File.WriteAllTextAsync(genesisPath, genesis.ToJson());
        var chainDir = Path.Combine(_data, "chain");
        var node = NodeProcess.StartAsync(chainDir, "--genesis", genesisPath, "--speed", "96", "--community",
            Households.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic"],
        });
        Node = await node;
        // The community is ready when every household's trading rule exists.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var live = await Node.Http.GetFromJsonAsync<List<ContractsEndpoints.ContractResponse>>("api/v1/contracts");
            if (live!.Count >= Households) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the community did not create its contracts: {Node.Log}");
            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Node?.Dispose();
        try
        {
            Directory.Delete(_data, true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A fresh browser context (its own storage) on a page of the dashboard, with its console errors collected.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(string hash = "", int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            // The location names the resource when the browser reports a failed request ("Failed to load resource" has no URL).
            if (m.Type is "error" or "warning") lock (errors) errors.Add($"{m.Type}: {m.Text} ({m.Location})");
        };
        page.PageError += (_, e) => { lock (errors) errors.Add($"page error: {e}"); };
        await page.GotoAsync(Url + "/" + hash);
        return (context, page, errors);
    }

    /// <summary>A page of the dashboard with a dev key in use, imported on the wallet page as a person types it.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsAsync(string devName, string hash, int width = 1280, int height = 900)
    {
        var (context, page, errors) = await OpenAsync("#/wallet", width, height);
        await page.GetByLabel("Dev name").FillAsync(devName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use dev account" }).ClickAsync();
        await page.Locator("[data-address]").WaitForAsync();
        if (hash != "#/wallet") await page.GotoAsync(Url + "/" + hash);
        return (context, page, errors);
    }

    /// <summary>Presses a form's review button, then signs in the dialog that shows the transaction.</summary>
    public static async Task SignAsync(IPage page, ILocator review)
    {
        await review.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and send" }).ClickAsync();
    }

    public async Task<StatusResponse> StatusAsync() => (await Node.Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!;

    public async Task<AccountResponse> AccountAsync(string address) => (await Node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{address}"))!;

    /// <summary>Signs a message in C# (as the CLI does) with the account's next nonce, submits it and waits for its block.</summary>
    public async Task<TxStatusResponse> CommitAsync(SigningKey key, IMessage message)
    {
        var status = await StatusAsync();
        var account = await AccountAsync(key.Address.ToString());
        var tx = Transaction.Sign(key, status.ChainId, account.Nonce, status.MinFee, status.Height + 1_000, message);
        var submitted = await Node.Http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)));
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var s = await Node.Http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}");
            if (s!.Status is "committed" or "rejected") return s;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"transaction {tx.Id} was not committed");
            await Task.Delay(200);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
