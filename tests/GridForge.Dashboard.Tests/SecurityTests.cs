using System.Text.RegularExpressions;
using GridForge.Core.Crypto;
using GridForge.Node.Dashboard;
using GridForge.Runtime.Modules.Governance;
using Microsoft.Playwright;

namespace GridForge.Dashboard.Tests;

/// <summary>An attacker's view: on-chain text is shown, never run; the page and its scripts come only from the node,
/// under a CSP that forbids inline script, eval and other origins; no script parses markup.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class SecurityTests(DashboardFixture fixture)
{
    [Fact]
    public async Task MarkupInAProposalsDescription_IsShownAsText_AndNeverRuns()
    {
        const string payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script><b>bold</b>";
        using var alice = DevAccounts.Key("alice");
        var result = await fixture.CommitAsync(alice, new ProposeMessage(ProposalAction.Text(), payload));
        Assert.True(result.Success == true, $"{result.Code}: {result.Message}");

        var (context, page, errors) = await fixture.OpenAsync("#/governance");
        await using var _ = context;
        await Assertions.Expect(page.GetByText(payload, new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.Equal(0, await page.Locator("main img[src=x], main script, main b").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task TheDashboard_IsServedAtTheRoot_UnderAStrictContentSecurityPolicy()
    {
        using var root = await fixture.Node.Http.GetAsync("/");
        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", root.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal("nosniff", string.Join("", root.Headers.GetValues("X-Content-Type-Options")));
        using var head = await fixture.Node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.True(head.IsSuccessStatusCode);
        using var script = await fixture.Node.Http.GetAsync("/assets/js/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var missing = await fixture.Node.Http.GetAsync("/assets/js/nothing.js");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        using var api = await fixture.Node.Http.GetAsync("/api/v1/status");
        Assert.True(api.IsSuccessStatusCode);
        Assert.Contains("/assets/vendor/noble-ed25519/LICENSE", DashboardEndpoints.Paths);
    }

    [Fact]
    public async Task ThePage_LoadsNothingFromAnotherOrigin()
    {
        var (context, page, _) = await fixture.OpenAsync();
        await using var __ = context;
        var origins = new List<string>();
        page.Request += (_, r) => { lock (origins) origins.Add(new Uri(r.Url).GetLeftPart(UriPartial.Authority)); };
        foreach (var hash in new[] { "#/wallet", "#/market", "#/energy", "#/grid", "#/governance", "#/explorer" })
        {
            await page.GotoAsync(fixture.Url + "/" + hash);
            await page.Locator(".card").First.WaitForAsync();
        }

        lock (origins) Assert.All(origins, o => Assert.Equal(fixture.Url, o));
    }

    [Fact]
    public void NoDashboardScript_ParsesMarkupOrEvaluatesText()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/GridForge.Node/wwwroot/assets/js"));
        var files = Directory.GetFiles(root, "*.js", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var code = string.Join('\n', File.ReadAllLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            Assert.False(Dangerous().IsMatch(code), $"{file} uses {Dangerous().Match(code).Value}");
        }
    }

    [GeneratedRegex(@"\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\s*\(|new Function\s*\(|setTimeout\s*\(\s*['""`]")]
    private static partial Regex Dangerous();
}
