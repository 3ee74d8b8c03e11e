using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Signing;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Bank;

/// <summary>An <see cref="IIssuerChain"/> over a node's REST API: the bridge signs here with the issuer's key, the node
/// only verifies.</summary>
public sealed class HttpIssuerChain(HttpClient http, SigningKey issuerKey, ulong fee = 100) : IIssuerChain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NonceTrackingSigner _signer = new(async (account, ct) =>
        (await GetAsync<AccountResponse>(http, $"api/v1/accounts/{account}", ct).ConfigureAwait(false))?.Nonce ?? 0);

    public Address Issuer => issuerKey.Address;

    private Task<T?> GetAsync<T>(string path, CancellationToken ct) where T : class => GetAsync<T>(http, path, ct);

    private static async Task<T?> GetAsync<T>(HttpClient http, string path, CancellationToken ct) where T : class
    {
        using var response = await http.GetAsync(path, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, ct).ConfigureAwait(false);
    }

    private async Task<StatusResponse> StatusAsync(CancellationToken ct) =>
        await GetAsync<StatusResponse>("api/v1/status", ct).ConfigureAwait(false) ?? throw new InvalidOperationException("the node has no status");

    public async Task<string> ChainIdAsync(CancellationToken ct = default) => (await StatusAsync(ct).ConfigureAwait(false)).ChainId;

    public async Task<Hash32> GenesisHashAsync(CancellationToken ct = default) => Hash32.Parse((await StatusAsync(ct).ConfigureAwait(false)).GenesisHash);

    public async Task<long> LatestTimeAsync(CancellationToken ct = default) => (await StatusAsync(ct).ConfigureAwait(false)).LatestTime ?? 0;

    public async Task<DepositRecord?> FindDepositAsync(string reference, CancellationToken ct = default) =>
        References.IsValid(reference) && await GetAsync<WattDepositResponse>($"api/v1/watt/issuers/{Issuer}/deposits/{Uri.EscapeDataString(reference)}", ct)
            .ConfigureAwait(false) is { } d
            ? new DepositRecord(Address.Parse(d.To), d.Amount, d.Height, d.Time)
            : null;

    public async Task<IReadOnlyList<RedemptionRecord>> PendingRedemptionsAsync(CancellationToken ct = default)
    {
        var list = await GetAsync<List<WattRedemptionResponse>>($"api/v1/watt/issuers/{Issuer}/redemptions?status=pending", ct).ConfigureAwait(false) ?? [];
        return list.Select(r => new RedemptionRecord(r.Id, Address.Parse(r.Holder), Address.Parse(r.Issuer), r.Amount, r.PayoutReference,
            r.RequestedHeight, r.RequestedTime, RedemptionStatus.Pending, string.Empty, 0, 0)).ToList();
    }

    public async Task<(string? TxHash, string? RefusalCode, string? RefusalMessage)> SubmitAsync(IMessage message, CancellationToken ct = default)
    {
        var status = await StatusAsync(ct).ConfigureAwait(false);
        var tx = await _signer.SignAsync(issuerKey, status.ChainId, fee, status.Height + 1_000, message, ct).ConfigureAwait(false);
        using var response = await http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)), Json, ct)
            .ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return (tx.Id.ToString(), null, null);
        _signer.Forget(Issuer);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        return (null, problem.RootElement.TryGetProperty("code", out var c) ? c.GetString() : $"http_{(int)response.StatusCode}",
            problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null);
    }

    public async Task<ChainOutcome> WaitAsync(string txHash, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var s = await GetAsync<TxStatusResponse>($"api/v1/transactions/{txHash}", ct).ConfigureAwait(false);
            if (s is { Status: "committed" }) return new ChainOutcome(txHash, s.Height, s.Success == true ? null : s.Code, s.Message);
            if (s is { Status: "rejected" })
            {
                _signer.Forget(Issuer);
                return new ChainOutcome(txHash, null, s.Code, s.Message);
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"transaction {txHash} was not committed within 60 s");
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }
}
