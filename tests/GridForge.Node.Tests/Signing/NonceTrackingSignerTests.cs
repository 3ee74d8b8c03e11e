using System.Net.Http.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Signing;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests.Signing;

/// <summary>The one signer of the demo, the community and the bridges: consecutive nonces for several waiting
/// transactions of one account, and no gap after a refusal.</summary>
public sealed class NonceTrackingSignerTests : InProcessNodeTest
{
    private static readonly Address Bob = DevAccounts.AddressOf("bob");

    private async Task<HttpResponseMessage> Submit(Transaction tx) =>
        await _http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)));

    private NonceTrackingSigner OverTheApi() =>
        new(async (account, ct) => (await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{account}", ct))!.Nonce);

    [Fact]
    public async Task SeveralTransactionsOfOneAccount_TakeConsecutiveNonces_AndLandInOneBlock()
    {
        var reads = 0;
        var signer = new NonceTrackingSigner((account, _) =>
        {
            reads++;
            return ValueTask.FromResult(AuthQueries.NextNonce(_host.Chain.State, account));
        });
        var alice = DevAccounts.Key("alice");
        var txs = new List<Transaction>();
        for (var i = 0; i < 3; i++) txs.Add(await signer.SignAsync(alice, DevChain.ChainId, 100, 1_000, new TransferMessage(Bob, Token.Watt, new Amount(1))));

        Assert.Equal([0UL, 1UL, 2UL], txs.Select(t => t.Nonce));
        Assert.Equal(1, reads);
        foreach (var tx in txs) Assert.Equal(System.Net.HttpStatusCode.Accepted, (await Submit(tx)).StatusCode);
        _host.Chain.ProduceBlock(_time + 1);
        Assert.Equal(3UL, AuthQueries.NextNonce(_host.Chain.State, alice.Address));
    }

    [Fact]
    public async Task AfterARefusal_TheNextNonceIsReadFromTheChainAgain_SoNoGapStrandsLaterTransactions()
    {
        var signer = OverTheApi();
        var alice = DevAccounts.Key("alice");
        var refused = await signer.SignAsync(alice, DevChain.ChainId, 0, 1_000, new TransferMessage(Bob, Token.Watt, new Amount(1)));
        Assert.False((await Submit(refused)).IsSuccessStatusCode);
        signer.Forget(alice.Address);

        var next = await signer.SignAsync(alice, DevChain.ChainId, 100, 1_000, new TransferMessage(Bob, Token.Watt, new Amount(1)));
        Assert.Equal(refused.Nonce, next.Nonce);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await Submit(next)).StatusCode);
        _host.Chain.ProduceBlock(_time + 1);
        Assert.Equal(1UL, AuthQueries.NextNonce(_host.Chain.State, alice.Address));
    }

    [Fact]
    public async Task AnAccountTheSignerHasNotSeen_StartsAtTheChainsNextNonce()
    {
        await Commit("alice", new TransferMessage(Bob, Token.Watt, new Amount(1)));
        await Commit("alice", new TransferMessage(Bob, Token.Watt, new Amount(1)));
        var tx = await OverTheApi().SignAsync(DevAccounts.Key("alice"), DevChain.ChainId, 100, 1_000, new TransferMessage(Bob, Token.Watt, new Amount(1)));
        Assert.Equal(2UL, tx.Nonce);
    }

    [Fact]
    public void ASignerReadingNoncesAsynchronously_RefusesToSignSynchronously()
    {
        var signer = new NonceTrackingSigner(async (_, ct) =>
        {
            await Task.Delay(50, ct);
            return 0UL;
        });
        Assert.Throws<InvalidOperationException>(() =>
            signer.Sign(DevAccounts.Key("alice"), DevChain.ChainId, 100, 1_000, new TransferMessage(Bob, Token.Watt, new Amount(1))));
    }
}
