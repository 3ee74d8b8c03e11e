using GridForge.Cli.Commands;
using GridForge.Cli.Simulation;

namespace GridForge.Cli.Tests.Simulation;

/// <summary>report.html in a real browser: it renders offline, every chart is drawn, the tables are there, nothing errs.</summary>
public sealed class ReportBrowserTests
{
    private static readonly string[] Charts = ["chart-energy-mix", "chart-prices", "chart-zones", "chart-links", "chart-savings"];

    [Fact]
    public async Task TheReport_RendersInChromium_WithEveryChart_TheTables_AndNoConsoleErrorOrRequest()
    {
        var dir = CliRunner.TempDir();
        try
        {
            SimulationOutputs.Write(SimulationRunner.Run(SimulateCommand.Resolve(null, 24, 1, 3, null)), dir);
            await using var browser = await ChromiumPage.OpenAsync();
            var page = browser.Page;
            await page.GotoAsync(new Uri(Path.Combine(dir, "report.html")).AbsoluteUri);

            Assert.StartsWith("GridForge simulation", await page.TitleAsync());
            foreach (var id in Charts)
            {
                var chart = page.Locator($"#{id} svg");
                var box = await chart.BoundingBoxAsync();
                Assert.True(box is { Width: > 500, Height: > 50 }, $"{id} is not drawn ({box?.Width}×{box?.Height})");
                Assert.True(await page.Locator($"#{id} svg rect, #{id} svg path, #{id} svg line").CountAsync() > 3, $"{id} has no marks");
            }

            Assert.True(await page.Locator("table").CountAsync() >= 4);
            Assert.Equal(0, await page.Locator("td.bad").CountAsync());
            Assert.Contains("self-sufficiency", await page.Locator(".cards").InnerTextAsync());

            var shot = Path.Combine(dir, "report.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            Assert.True(new FileInfo(shot).Length > 10_000);
            // GRIDFORGE_SCREENSHOT=docs/simulate-report.png refreshes the picture in docs/simulate.md.
            if (Environment.GetEnvironmentVariable("GRIDFORGE_SCREENSHOT") is { Length: > 0 } target) File.Copy(shot, target, true);

            Assert.Empty(browser.Errors);
            Assert.Empty(browser.Requests);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
