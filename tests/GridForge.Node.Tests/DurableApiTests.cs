using System.Net.Http.Json;
using GridForge.Core.Primitives;
using GridForge.Core.Crypto;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Node.Tests;

/// <summary>DESIGN §5 and issue 13, item 2: the API shows only durable state, every answer names the height whose state it
/// shows (header <c>GridForge-Height</c>, and the body's height where it has one), and a request reads one height throughout.</summary>
public sealed class DurableApiTests : InProcessNodeTest
{
    private static readonly string Bob = DevAccounts.AddressOf("bob").ToString();

    private async Task<(ulong Header, AccountResponse Account)> Account(string address)
    {
        using var response = await _http.GetAsync($"api/v1/accounts/{address}");
        response.EnsureSuccessStatusCode();
        var header = ulong.Parse(response.Headers.GetValues(ReadState.HeightHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
        return (header, (await response.Content.ReadFromJsonAsync<AccountResponse>())!);
    }

    [Fact]
    public async Task WhileABlockIsBeingWritten_TheApiAnswersFromTheBlockBefore_AndNamesThatHeight()
    {
        await Commit("alice", new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1)));
        var (height, before) = await Account(Bob);
        var tx = Sign("alice", new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(25)));
        Assert.True(_host.Chain.Submit(tx).Accepted);
        (ulong Header, AccountResponse Account, string Status)? during = null;
        _host.Chain.BeforeCommit = _ =>
        {
            var (h, a) = Account(Bob).GetAwaiter().GetResult();
            var status = _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}").GetAwaiter().GetResult()!.Status;
            during = (h, a, status);
        };

        _host.Chain.ProduceBlock(++_time);

        Assert.Equal((height, before.Watt.Free, before.Height, "pending"),
            (during!.Value.Header, during.Value.Account.Watt.Free, during.Value.Account.Height, during.Value.Status));
        var (after, account) = await Account(Bob);
        Assert.Equal((height + 1, before.Watt.Free + 25, height + 1), (after, account.Watt.Free, account.Height));
    }

    [Theory]
    [InlineData("api/v1/status")]
    [InlineData("api/v1/market/open")]
    [InlineData("api/v1/watt/supply")]
    [InlineData("api/v1/grid")]
    [InlineData("api/v1/staking/era")]
    [InlineData("api/v1/governance/params")]
    [InlineData("api/v1/contracts")]
    [InlineData("api/v1/disputes")]
    [InlineData("api/v1/meters")]
    public async Task EveryAnswerFromState_NamesTheHeightItShows(string path)
    {
        await Commit("alice", new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1)));
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        Assert.Equal(_host.Chain.Height.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues(ReadState.HeightHeader)
            .Single());
    }
}
