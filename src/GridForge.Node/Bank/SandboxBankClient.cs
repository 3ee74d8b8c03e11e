using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Node.Api;

namespace GridForge.Node.Bank;

/// <summary>An <see cref="IBankAdapter"/> over a dev node's sandbox bank endpoints (what an issuer's bridge process uses,
/// as it would a real bank's API).</summary>
public sealed class SandboxBankClient(HttpClient http) : IBankAdapter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task ThrowIfRefused(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        string code = $"http_{(int)response.StatusCode}", detail = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("code", out var c)) code = c.GetString() ?? code;
            if (doc.RootElement.TryGetProperty("detail", out var d)) detail = d.GetString() ?? detail;
        }
        catch (JsonException)
        {
        }

        throw new BankRefusedException(code, detail);
    }

    public async Task<IReadOnlyList<BankDeposit>> UnmintedDepositsAsync(Address issuer, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/v1/sandbox-bank/deposits?issuer={issuer}&unminted=true", ct).ConfigureAwait(false);
        await ThrowIfRefused(response, ct).ConfigureAwait(false);
        var list = await response.Content.ReadFromJsonAsync<List<SandboxDepositResponse>>(Json, ct).ConfigureAwait(false) ?? [];
        return list.Select(d => new BankDeposit(d.Reference, Address.Parse(d.Issuer), Address.Parse(d.Beneficiary), d.Amount, d.Payer, d.ReceivedAt,
            d.MintedBy)).ToList();
    }

    public async Task MarkDepositMintedAsync(Address issuer, string depositReference, string chainReference, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync($"api/v1/sandbox-bank/deposits/{Uri.EscapeDataString(depositReference)}/minted",
            new SandboxMintedRequest(issuer.ToString(), chainReference), Json, ct).ConfigureAwait(false);
        await ThrowIfRefused(response, ct).ConfigureAwait(false);
    }

    public async Task<BankPayout> PayOutAsync(PayoutInstruction instruction, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync("api/v1/sandbox-bank/payouts",
            new SandboxPayoutRequest(instruction.Key, instruction.Issuer.ToString(), instruction.Amount, instruction.PayoutReference), Json, ct)
                .ConfigureAwait(false);
        await ThrowIfRefused(response, ct).ConfigureAwait(false);
        return ToPayout((await response.Content.ReadFromJsonAsync<SandboxPayoutResponse>(Json, ct).ConfigureAwait(false))!);
    }

    public async Task<BankPayout?> FindPayoutAsync(string key, CancellationToken ct = default)
    {
        var id = key[(key.LastIndexOf(':') + 1)..];
        using var response = await http.GetAsync($"api/v1/sandbox-bank/payouts/{id}", ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await ThrowIfRefused(response, ct).ConfigureAwait(false);
        var status = await response.Content.ReadFromJsonAsync<PayoutStatusResponse>(Json, ct).ConfigureAwait(false);
        return status?.BankPayout is { } p && p.Key == key ? ToPayout(p) : null;
    }

    public async Task<ulong> ReserveBalanceAsync(Address issuer, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/v1/sandbox-bank/reserves/{issuer}", ct).ConfigureAwait(false);
        await ThrowIfRefused(response, ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<SandboxAccountResponse>(Json, ct).ConfigureAwait(false))!.Balance;
    }

    private static BankPayout ToPayout(SandboxPayoutResponse p) =>
        new(p.Key, p.BankReference, Address.Parse(p.Issuer), p.Amount, p.PayoutReference, p.PaidAt);
}
