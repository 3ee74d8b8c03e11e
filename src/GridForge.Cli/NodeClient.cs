using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Node.Api;
using GridForge.Node.Signing;

namespace GridForge.Cli;

/// <summary>A small client of a node's REST API.</summary>
internal sealed class NodeClient(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The client underneath, for the bank adapter and the issuer bridge, which speak HTTP themselves.</summary>
    public HttpClient Http => _http;

    public async Task<StatusResponse> StatusAsync(CancellationToken ct = default) =>
        await GetAsync<StatusResponse>("api/v1/status", ct).ConfigureAwait(false);

    public async Task<AccountResponse> AccountAsync(string address, CancellationToken ct = default) =>
        await GetAsync<AccountResponse>($"api/v1/accounts/{address}", ct).ConfigureAwait(false);

    /// <summary>A signer that reads each account's first nonce from this node and counts on locally.</summary>
    public NonceTrackingSigner NonceSigner() => new(async (account, ct) => (await AccountAsync(account.ToString(), ct).ConfigureAwait(false)).Nonce);

    /// <summary>GET a JSON resource, or null when the node answers 404.</summary>
    public async Task<T?> FindAsync<T>(string path, CancellationToken ct = default) where T : class
    {
        using var response = await SendAsync(() => _http.GetAsync(path, ct), ct).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        await ThrowIfProblem(response, ct).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct).ConfigureAwait(false);
    }

    /// <summary>POST a JSON body and read the JSON answer.</summary>
    public async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => _http.PostAsJsonAsync(path, body, Json, ct), ct).ConfigureAwait(false);
        await ThrowIfProblem(response, ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<TResponse>(Json, ct).ConfigureAwait(false))!;
    }

    /// <summary>Submits transactions carrying batches of meter readings through the readings path (their signatures are
    /// checked in parallel at admission); one result per transaction.</summary>
    public Task<List<SubmitResponse>> SubmitReadingsAsync(IReadOnlyList<byte[]> txs, CancellationToken ct = default) =>
        PostAsync<SubmitBatchRequest, List<SubmitResponse>>("api/v1/metering/readings", new SubmitBatchRequest(txs.Select(Convert.ToHexStringLower).ToList()),
            ct);

    /// <summary>Every request goes through here: a node that cannot be reached, or does not answer in time, becomes a
    /// CliException (callers handle one kind of failure, whatever the request).</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct = default)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the node at {_http.BaseAddress}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"the node at {_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>GET a JSON resource; a problem answer becomes a CliException carrying its code.</summary>
    public async Task<T> GetAsync<T>(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => _http.GetAsync(path, ct), ct).ConfigureAwait(false);
        await ThrowIfProblem(response, ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct).ConfigureAwait(false))!;
    }

    /// <summary>One GET with a client of its own, for a command that asks the node once.</summary>
    public static async Task<T> GetOnceAsync<T>(string baseUrl, string path, CancellationToken ct = default)
    {
        using var client = new NodeClient(baseUrl);
        return await client.GetAsync<T>(path, ct).ConfigureAwait(false);
    }

    /// <summary>GET a JSON resource as <typeparamref name="T"/> together with the JSON text itself (for --json output).</summary>
    public async Task<(T Value, string Raw)> GetWithRawAsync<T>(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => _http.GetAsync(path, ct), ct).ConfigureAwait(false);
        await ThrowIfProblem(response, ct).ConfigureAwait(false);
        var raw = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return (JsonSerializer.Deserialize<T>(raw, Json)!, raw);
    }

    /// <summary>Submits and returns the hash; a rejection becomes a CliException carrying its code.</summary>
    public async Task<string> SubmitAsync(byte[] tx, CancellationToken ct = default)
    {
        var body = await PostAsync<SubmitRequest, SubmitResponse>("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx)), ct)
            .ConfigureAwait(false);
        return body.Hash!;
    }

    /// <summary>What the transaction would do in the next block on the node's latest durable state; nothing is kept.</summary>
    public Task<SimulateResponse> SimulateAsync(byte[] tx, CancellationToken ct = default) =>
        PostAsync<SimulateRequest, SimulateResponse>("api/v1/transactions/simulate", new SimulateRequest(Convert.ToHexStringLower(tx), null), ct);

    public async Task<IReadOnlyList<SubmitResponse>> SubmitBatchAsync(IReadOnlyList<byte[]> txs, CancellationToken ct = default) =>
        await PostAsync<SubmitBatchRequest, List<SubmitResponse>>("api/v1/transactions/batch",
            new SubmitBatchRequest(txs.Select(Convert.ToHexStringLower).ToList()), ct).ConfigureAwait(false);

    /// <summary>Submits a batch in the binary form (u32 length + bytes each).</summary>
    public async Task<BinaryBatchResponse> SubmitBinaryBatchAsync(IReadOnlyList<byte[]> txs, CancellationToken ct = default)
    {
        var body = new byte[txs.Sum(t => t.Length + 4)];
        var offset = 0;
        foreach (var t in txs)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(offset), (uint)t.Length);
            t.CopyTo(body, offset + 4);
            offset += t.Length + 4;
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(() => _http.PostAsync("api/v1/transactions/binary-batch", content, ct), ct).ConfigureAwait(false);
        await ThrowIfProblem(response, ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<BinaryBatchResponse>(Json, ct).ConfigureAwait(false))!;
    }

    public Task<TxStatusResponse?> TxStatusAsync(string hash, CancellationToken ct = default) =>
        FindAsync<TxStatusResponse>($"api/v1/transactions/{hash}", ct);

    /// <summary>Polls until the transaction is committed or rejected, or the timeout passes.</summary>
    public async Task<TxStatusResponse> WaitAsync(string hash, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await TxStatusAsync(hash, ct).ConfigureAwait(false);
            if (status is { Status: "committed" or "rejected" }) return status;
            if (DateTime.UtcNow > deadline) throw new CliException($"transaction {hash} was not committed within {timeout.TotalSeconds:0} s");
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private static async Task ThrowIfProblem(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        string detail;
        string? problemCode = null;
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            var code = problemCode = doc.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
            var text = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            detail = code is null ? $"{(int)response.StatusCode}: {text}" : $"{code}: {text}";
        }
        catch (JsonException)
        {
            detail = $"HTTP {(int)response.StatusCode}";
        }

        throw new CliException($"the node refused: {detail}", code: problemCode);
    }

    public void Dispose() => _http.Dispose();
}
