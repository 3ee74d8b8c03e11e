using System.Net;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;

namespace GridForge.Node.Tests.Observability;

/// <summary><c>/health/live</c> and <c>/health/ready</c> on a node that makes its own blocks.</summary>
public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Get(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static async Task WithProducingNode(NodeHostOptions options, Func<NodeHost, HttpClient, Task> body)
    {
        var data = Path.Combine(Path.GetTempPath(), "gridforge-health-" + Guid.NewGuid().ToString("N"));
        var chain = ChainNode.Open(data, DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds()), DevAccounts.Key("validator"));
        try
        {
            await using var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true, options: options);
            using var http = new HttpClient { BaseAddress = new Uri(host.Url + "/") };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (chain.Height < 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
            await body(host, http);
        }
        finally
        {
            Directory.Delete(data, true);
        }
    }

    [Fact]
    public Task Ready_WhenStorageIsWritableAndBlocksKeepComing() => WithProducingNode(new NodeHostOptions(), async (_, http) =>
    {
        var (status, body) = await Get(http, "health/ready");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("ok").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["storage"] = true, ["synced"] = true }, checks);
        var (liveStatus, live) = await Get(http, "health/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.True(live.GetProperty("height").GetUInt64() >= 2);
    });

    [Fact]
    public Task NotReady_WhenTheDataDirectorysDiskHasLessThanTheMinimumFree() =>
        WithProducingNode(new NodeHostOptions { MinFreeBytes = long.MaxValue }, async (_, http) =>
    {
        var (status, body) = await Get(http, "health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        var storage = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage");
        Assert.False(storage.GetProperty("ok").GetBoolean());
        Assert.Contains("MiB free", storage.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Still alive: a full disk is for the operator to fix, not a reason to restart the process.
        Assert.Equal(HttpStatusCode.OK, (await Get(http, "health/live")).Status);
    });
}
