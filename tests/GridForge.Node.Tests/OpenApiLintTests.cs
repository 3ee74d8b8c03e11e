using System.Diagnostics;
using System.Text.Json;

namespace GridForge.Node.Tests;

/// <summary>The served OpenAPI document passes <c>@redocly/cli lint</c> (its recommended rules) with zero errors, run with the version
/// <c>.ci/redocly/package.json</c> pins (docs/api.md, "OpenAPI"). <c>.ci/run</c> installs that version; on a machine where it is missing
/// the test installs it the same way (npm ci), and fails, never skips, when it cannot.</summary>
public sealed class OpenApiLintTests : InProcessNodeTest
{
    [Fact]
    public async Task TheServedOpenApiDocument_PassesThePinnedRedoclyLint_WithZeroErrors()
    {
        var tools = GridForge.Tests.Repository.PathOf(".ci", "redocly");
        using var pinned = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(tools, "package.json")));
        var version = pinned.RootElement.GetProperty("dependencies").GetProperty("@redocly/cli").GetString()!;
        var installed = Path.Combine(tools, "node_modules", "@redocly", "cli", "package.json");
        if (!File.Exists(installed) || JsonDocument.Parse(await File.ReadAllTextAsync(installed)).RootElement.GetProperty("version").GetString() != version)
        {
            var (code, output) = await Run("npm", tools, "ci", "--no-audit", "--no-fund", "--loglevel=error");
            Assert.True(code == 0, $"npm ci in {tools} failed ({code}): {output}");
        }

        var document = Path.Combine(_data, "openapi.json");
        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(document, await _http.GetStringAsync("api/v1/openapi.json"));
        var (exit, report) = await Run(Path.Combine(tools, "node_modules", ".bin", "redocly"), tools, "lint", document, "--format=stylish");
        Assert.True(exit == 0, $"redocly {version} lint found errors in the served document:\n{report}");
        Assert.DoesNotContain(" error ", report, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> Run(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 3 minutes");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
