namespace GridForge.Cli.Tests;

/// <summary>One node per data directory: a second `gridforge node` on a directory a running node holds exits at once with a
/// clear message, and the first goes on undisturbed.</summary>
public class DataDirectoryLockTests
{
    [Fact]
    public async Task ASecondNodeOnTheSameDataDirectory_ExitsAtOnceWithAClearMessage()
    {
        var dir = CliRunner.TempDir();
        var data = Path.Combine(dir, "data");
        using (var first = await NodeProcess.StartAsync(data))
        {
            var started = DateTime.UtcNow;
            var (code, stdout, stderr) = CliRunner.Run("node", "--dev", "--community", "0", "--data", data, "--http", $"127.0.0.1:{CliRunner.FreePort()}",
                "--mqtt", "127.0.0.1:0");
            Assert.NotEqual(0, code);
            Assert.Contains("is in use by another GridForge node", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("API", stdout, StringComparison.Ordinal);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await first.Http.GetAsync("api/v1/status")).StatusCode);
        }

        // Once the first has stopped, the directory is free again.
        using (var again = await NodeProcess.StartAsync(data))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await again.Http.GetAsync("api/v1/status")).StatusCode);
        }

        Directory.Delete(dir, true);
    }
}
