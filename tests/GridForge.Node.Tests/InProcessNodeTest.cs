using System.Net.Http.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Node.Api;
using GridForge.Node.Signing;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests;

/// <summary>A real dev node with its REST API in-process, blocks produced by the test (never a timer), and
/// transactions signed with each account's next nonce.</summary>
public abstract class InProcessNodeTest : IAsyncLifetime
{
    protected const long Time = 1_800_000_000;
    protected readonly string _data = Path.Combine(Path.GetTempPath(), "gridforge-api-" + Guid.NewGuid().ToString("N"));
    protected NodeHost _host = null!;
    protected HttpClient _http = null!;
    private NonceTrackingSigner _signer = null!;

    /// <summary>The chain's genesis; a test class overrides it to change parameters.</summary>
    protected virtual GenesisDocument Genesis() => DevChain.Genesis(Time);

    public async Task InitializeAsync()
    {
        var chain = ChainNode.Open(_data, Genesis(), DevAccounts.Key("validator"));
        _host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: false);
        _http = new HttpClient { BaseAddress = new Uri(_host.Url + "/") };
        _signer = NonceTrackingSigner.Local(account => AuthModule.NextNonce(_host.Chain.State, account));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, true);
    }

    /// <summary>The time of the last block the test produced.</summary>
    protected long _time = Time;

    protected Task<TxStatusResponse> Commit(string from, IMessage message) => Commit(DevAccounts.Key(from), message);

    /// <summary>Submits a signed message through the API, produces a block one second on (or at <paramref name="at"/>) and
    /// returns the transaction's status.</summary>
    protected async Task<TxStatusResponse> Commit(SigningKey key, IMessage message, long? at = null)
    {
        var tx = Sign(key, message);
        Assert.Equal(System.Net.HttpStatusCode.Accepted,
            (await _http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)))).StatusCode);
        _time = at ?? _time + 1;
        _host.Chain.ProduceBlock(_time);
        return (await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}"))!;
    }

    /// <summary>GETs <paramref name="path"/> and returns its JSON.</summary>
    protected async Task<System.Text.Json.JsonElement> Get(string path)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await _http.GetStringAsync(path));
        return doc.RootElement.Clone();
    }

    protected Transaction Sign(string from, IMessage message) => Sign(DevAccounts.Key(from), message);

    protected Transaction Sign(SigningKey key, IMessage message) => _signer.Sign(key, DevChain.ChainId, 100, 10_000, message);
}
