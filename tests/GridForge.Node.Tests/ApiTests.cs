using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Merkle;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests;

/// <summary>The REST API against a real node in-process; blocks are produced by the test, not a timer.</summary>
public sealed class ApiTests : InProcessNodeTest
{

    private static Transaction Transfer(string from, ulong nonce, ulong micro = 1_000_000) =>
        Transaction.Sign(DevAccounts.Key(from), DevChain.ChainId, nonce, 100, 1_000,
            new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(micro)));

    private Task<HttpResponseMessage> Submit(byte[] tx) =>
        _http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx)));

    private static async Task<(string? Code, string? ContentType)> Problem(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (doc.RootElement.GetProperty("code").GetString(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Submit_ThenProduceBlock_StatusGoesFromPendingToCommittedWithEvents()
    {
        var tx = Transfer("alice", 0);
        var response = await Submit(tx.Encoded);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pending = await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}");
        Assert.Equal("pending", pending!.Status);

        _host.Chain.ProduceBlock(Time + 1);
        var committed = await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}");
        Assert.Equal("committed", committed!.Status);
        Assert.Equal(1UL, committed.Height);
        Assert.True(committed.Success);
        Assert.Equal("transfer", committed.Events!.Value[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task BadSignature_IsAProblemDetailsWithItsStableCode()
    {
        var bytes = Transfer("alice", 0).Encoded;
        bytes[^1] ^= 1;
        var response = await Submit(bytes);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("bad_signature", "application/problem+json"), await Problem(response));
    }

    [Theory]
    [InlineData("{\"tx\":\"zz\"}", "malformed")]
    [InlineData("{\"tx\":\"00ff\"}", "unsupported_version")]
    [InlineData("{\"tx\":", "malformed")]
    [InlineData("[]", "malformed")]
    public async Task MalformedSubmissions_GetAProblemWithACode(string body, string code)
    {
        var response = await _http.PostAsync("api/v1/transactions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await Problem(response)).Code);
    }

    [Fact]
    public async Task ReplayedNonce_IsRefusedWithNonceReplayed()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Submit(Transfer("alice", 0).Encoded)).StatusCode);
        _host.Chain.ProduceBlock(Time + 1);
        var replay = await Submit(Transfer("alice", 0, 2_000_000).Encoded);
        Assert.Equal("nonce_replayed", (await Problem(replay)).Code);
        var future = await Submit(Transfer("alice", 5).Encoded);
        Assert.Equal("nonce_future", (await Problem(future)).Code);
    }

    [Fact]
    public async Task UnknownThings_Are404ProblemsWithNotFound()
    {
        foreach (var path in new[] { $"api/v1/transactions/{new string('a', 64)}", "api/v1/blocks/99", "api/v1/blocks/latest", "api/v1/nothing" })
        {
            var response = await _http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("not_found", (await Problem(response)).Code);
        }
    }

    [Fact]
    public async Task Account_ShowsBalancesAndNonce_AndRejectsABadAddress()
    {
        var alice = DevAccounts.AddressOf("alice");
        var account = await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{alice}");
        Assert.Equal(DevChain.StartingBalance, account!.Watt.Free);
        Assert.Equal(0UL, account.Nonce);
        var bad = await _http.GetAsync("api/v1/accounts/grid1notanaddress");
        Assert.Equal("invalid_address", (await Problem(bad)).Code);
    }

    [Fact]
    public async Task AccountsPendingNonce_FollowsItsTransactionsWaitingInTheMempool_AndIsTheNonceOnceTheyAreCommitted()
    {
        var bob = DevAccounts.AddressOf("bob");
        foreach (var n in new[] { 1, 2 })
        {
            var tx = Sign("alice", new TransferMessage(bob, Token.Watt, new Amount((ulong)n)));
            Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx.Encoded))))
                .StatusCode);
        }

        var waiting = (await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{DevAccounts.AddressOf("alice")}"))!;
        Assert.Equal((0UL, 2UL), (waiting.Nonce, waiting.PendingNonce));
        _host.Chain.ProduceBlock(_time + 1);
        var committed = (await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{DevAccounts.AddressOf("alice")}"))!;
        Assert.Equal((2UL, 2UL), (committed.Nonce, committed.PendingNonce));
    }

    [Fact]
    public void NextNonceAfterWaiting_IsTheLatestStatesNext_OnceABlockTookTheWaitingTransactions()
    {
        // A request's state view is fixed when it starts; a block committed since then took the sender's transactions out of
        // the mempool. The answer is the next nonce the node would admit (the latest state's), not the view's.
        var alice = DevAccounts.AddressOf("alice");
        for (ulong n = 0; n < 2; n++)
        {
            Assert.True(_host.Chain.Submit(Sign("alice", new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1 + n)))).Accepted);
        }

        _host.Chain.ProduceBlock(_time + 1);

        Assert.Equal(0, _host.Chain.MempoolCount);
        Assert.Equal(2UL, _host.Chain.NextNonceAfterWaiting(alice));
    }

    [Fact]
    public async Task AccountProof_VerifiesAgainstTheLatestHeadersStateRoot_LikeALightClientWould()
    {
        await Submit(Transfer("alice", 0).Encoded);
        _host.Chain.ProduceBlock(Time + 1);
        var latest = await _http.GetFromJsonAsync<BlockResponse>("api/v1/blocks/latest");
        foreach (var who in new[] { DevAccounts.AddressOf("bob"), new Address(Hashing.Sha256("nobody"u8)) })
        {
            var p = await _http.GetFromJsonAsync<ProofResponse>($"api/v1/accounts/{who}/proof?token=WATT");
            Assert.Equal(latest!.Header.StateRoot, p!.StateRoot);
            var proof = new SmtProof(p.Siblings.Select(Hash32.Parse).ToList(),
                p.LeafKey is null ? null : Hash32.Parse(p.LeafKey), p.LeafValueHash is null ? null : Hash32.Parse(p.LeafValueHash));
            var keyHash = Hash32.Parse(p.KeyHash);
            // The client recomputes the key and value hashes itself rather than trusting the node's.
            Assert.Equal(Hashing.Sha256(TokensQueries.BalanceProofKey(who, Token.Watt).Span), keyHash);
            var valueHash = p.Value is null ? (Hash32?)null : Hashing.Sha256(Convert.FromHexString(p.Value));
            Assert.True(proof.Verify(Hash32.Parse(latest.Header.StateRoot), keyHash, valueHash));
            var forged = new Balance(p.Free + 1, p.Reserved).Encode();
            Assert.False(proof.Verify(Hash32.Parse(latest.Header.StateRoot), keyHash, Hashing.Sha256(forged)));
        }
    }

    [Fact]
    public async Task Blocks_AreTheSameByHeightHashAndLatest()
    {
        _host.Chain.ProduceBlock(Time + 1);
        var byHeight = await _http.GetFromJsonAsync<BlockResponse>("api/v1/blocks/1");
        var byHash = await _http.GetFromJsonAsync<BlockResponse>($"api/v1/blocks/{byHeight!.Header.Hash}");
        var latest = await _http.GetFromJsonAsync<BlockResponse>("api/v1/blocks/latest");
        Assert.Equal(byHeight.Header, byHash!.Header);
        Assert.Equal(byHeight.Header, latest!.Header);
    }

    [Fact]
    public async Task Batch_AdmitsEachTransactionOnItsOwn()
    {
        var good = Transfer("charlie", 0);
        var bad = Transfer("charlie", 7);
        var response = await _http.PostAsJsonAsync("api/v1/transactions/batch",
            new SubmitBatchRequest([Convert.ToHexStringLower(good.Encoded), Convert.ToHexStringLower(bad.Encoded)]));
        var results = await response.Content.ReadFromJsonAsync<List<SubmitResponse>>();
        Assert.True(results![0].Accepted);
        Assert.Equal("nonce_future", results[1].Code);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("api/v1/openapi.json"));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/transactions", "/api/v1/transactions/{hash}", "/api/v1/accounts/{address}", "/api/v1/accounts/{address}/proof",
            "/api/v1/blocks/{id}", "/api/v1/status" })
        {
            Assert.True(paths.TryGetProperty(p, out _), $"{p} is missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task BlockStream_PushesEachCommittedBlockWithItsTransactionsAndEvents()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/stream/blocks");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith(":", await reader.ReadLineAsync());
        var tx = Transfer("alice", 0);
        await Submit(tx.Encoded);
        _host.Chain.ProduceBlock(Time + 1);
        string? line;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }

        using var doc = JsonDocument.Parse(line!["data: ".Length..]);
        Assert.Equal(1, doc.RootElement.GetProperty("header").GetProperty("height").GetInt32());
        Assert.Equal(tx.Id.ToString(), doc.RootElement.GetProperty("transactions")[0].GetProperty("hash").GetString());
        Assert.Equal("transfer", doc.RootElement.GetProperty("events")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task BinaryBatch_AdmitsEachTransaction_AndRejectsACutShortBody()
    {
        var txs = new[] { Transfer("charlie", 0), Transfer("charlie", 1), Transfer("charlie", 9) };
        var body = txs.SelectMany(t => BitConverter.GetBytes((uint)t.Encoded.Length).Concat(t.Encoded)).ToArray();
        var response = await _http.PostAsync("api/v1/transactions/binary-batch", new ByteArrayContent(body));
        var results = (await response.Content.ReadFromJsonAsync<BinaryBatchResponse>())!;
        Assert.Equal(2, results.Accepted);
        var refused = Assert.Single(results.Rejected);
        Assert.Equal((2, txs[2].Id.ToString(), "nonce_future"), (refused.Index, refused.Hash, refused.Code));

        var cut = await _http.PostAsync("api/v1/transactions/binary-batch", new ByteArrayContent(body[..^3]));
        Assert.Equal(HttpStatusCode.BadRequest, cut.StatusCode);
        Assert.Equal("malformed", (await Problem(cut)).Code);
    }

    [Fact]
    public async Task Status_ReportsTheMinimumFeeFromStateSoClientsNeverAssumeIt()
    {
        var status = await _http.GetFromJsonAsync<StatusResponse>("api/v1/status");
        Assert.Equal((ulong)TokensModule.MinFee.Default, status!.MinFee);
    }
}
