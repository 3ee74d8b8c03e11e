using Microsoft.Playwright;

namespace GridForge.Cli.Tests.Simulation;

/// <summary>A page in Debian's headless chromium driven by Playwright (never a downloaded browser), recording every console error,
/// page error and request that leaves the machine. Small and self-contained on purpose: one launcher for every browser test.</summary>
internal sealed class ChromiumPage : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Flags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ChromiumPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, m) =>
        {
            if (m.Type == "error") Errors.Add($"console: {m.Text}");
        };
        page.PageError += (_, e) => Errors.Add($"page: {e}");
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith("file:", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) Requests.Add(r.Url);
        };
    }

    public IPage Page { get; }

    public List<string> Errors { get; } = [];

    /// <summary>Requests to anything but local files and data URLs (a self-contained page makes none).</summary>
    public List<string> Requests { get; } = [];

    public static async Task<ChromiumPage> OpenAsync(int width = 1100, int height = 900)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install Debian's chromium (.ci/run does: apt-get install chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true, Args = Flags });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return new ChromiumPage(playwright, browser, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
