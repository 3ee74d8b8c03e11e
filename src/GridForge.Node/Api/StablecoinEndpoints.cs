using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>WATT issuance, read-only, under <c>/api/v1/watt</c>: supply, issuers (outstanding, reserves, pending
/// redemptions), redemptions and deposit records. Issuer actions are signed transactions, never endpoints. On a dev
/// chain it also maps the sandbox bank (<see cref="SandboxBankEndpoints"/>).</summary>
public static class StablecoinEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ChainNode node, TimeProvider? clock = null)
    {
        var api = app.MapGroup("/api/v1/watt");

        api.MapGet("/supply", (ReadState state) =>
        {
            var totals = StablecoinQueries.Totals(state);
            var issuers = StablecoinQueries.Issuers(state);
            var pending = issuers.SelectMany(i => StablecoinQueries.PendingRedemptions(state, i.Issuer)).ToList();
            return Results.Ok(new WattSupplyResponse(TokensQueries.Supply(state, Token.Watt), totals.Minted, totals.Burned, totals.GenesisMinted,
                totals.UnattributedGenesis, Sum(issuers.Select(i => i.Record.Outstanding)), Sum(issuers.Select(i => i.Record.Reserves)),
                issuers.Count, pending.Count, Sum(pending.Select(r => r.Amount)), state.Height));
        }).Produces<WattSupplyResponse>()
            .WithSummary("WATT total supply, minted and burned (genesis WATT counts as minted), issuers' outstanding and reserves, pending redemptions.");

        api.MapGet("/issuers", (ReadState state) =>
            Results.Ok(StablecoinQueries.Issuers(state).Select(i => ToResponse(state, i.Issuer, i.Record)).ToList()))
            .Produces<List<WattIssuerResponse>>()
            .WithSummary("Every WATT issuer, active or removed, with outstanding, reserves and pending redemptions.");

        api.MapGet("/issuers/{address}", (string address, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            return StablecoinQueries.Issuer(state, a) is { } record
                ? Results.Ok(ToResponse(state, a, record))
                : Problems.NotFound($"{a} is not a WATT issuer");
        }).Produces<WattIssuerResponse>()
            .WithSummary("One issuer: outstanding WATT, latest attested reserves, headroom, pending redemptions.");

        api.MapGet("/issuers/{address}/redemptions", (string address, string? status, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            if (status is not (null or "pending" or "all")) return Problems.BadRequest("status must be pending (the default) or all");
            var list = status == "all" ? StablecoinQueries.Redemptions(state, a) : StablecoinQueries.PendingRedemptions(state, a);
            return Results.Ok(list.Select(ToResponse).ToList());
        }).Produces<List<WattRedemptionResponse>>()
            .WithSummary("The redemptions an issuer owes (pending, the default) or has ever owed (all), in id order.");

        api.MapGet("/issuers/{address}/deposits/{reference}", (string address, string reference, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            return StablecoinQueries.Deposit(state, a, reference) is { } d
                ? Results.Ok(new WattDepositResponse(a.ToString(), reference, d.To.ToString(), d.Amount, d.Height, d.Time))
                : Problems.NotFound($"issuer {a} has minted nothing against deposit '{reference}'");
        }).Produces<WattDepositResponse>()
            .WithSummary("The mint an issuer made against a deposit reference (404 when none): how a bridge knows a deposit is minted.");

        api.MapGet("/redemptions/{id}", (ulong id, ReadState state) =>
            StablecoinQueries.Redemption(state, id) is { } r ? Results.Ok(ToResponse(r)) : Problems.NotFound($"no redemption has id {id}"))
            .Produces<WattRedemptionResponse>()
            .WithSummary("A redemption and its payout status.");

        if (node.Runtime.IsDevChain)
        {
            SandboxBankEndpoints.Map(app, node, OpenSandboxBank(node, clock));
        }
    }

    /// <summary>Opens the node's sandbox bank beside its chain; each genesis issuer's reserve account starts with the fiat
    /// backing its genesis WATT. The bank dates its records by <paramref name="clock"/>: the node's, so that on a fast dev
    /// network deposits and payouts carry chain time like the blocks around them.</summary>
    public static SandboxBank OpenSandboxBank(ChainNode node, TimeProvider? clock = null)
    {
        var bank = SandboxBank.Open(Path.GetDirectoryName(Path.GetFullPath(node.DataPath))!, clock);
        using var state = node.OpenView();
        foreach (var (issuer, record) in StablecoinQueries.Issuers(state))
        {
            if (record.GenesisOutstanding > 0) bank.EnsureOpeningBalance(issuer, record.GenesisOutstanding);
        }

        return bank;
    }

    private static ulong Sum(IEnumerable<ulong> values) => values.Aggregate(0UL, (s, v) => checked(s + v));

    private static WattIssuerResponse ToResponse(ReadState state, Address issuer, IssuerRecord r)
    {
        var pending = StablecoinQueries.PendingRedemptions(state, issuer);
        return new WattIssuerResponse(issuer.ToString(), r.Attestor.ToString(), r.Active, r.Outstanding, r.GenesisOutstanding, r.Minted, r.Redeemed,
            r.Reserves, r.ReservesAsOf, r.AttestedAtHeight, r.Headroom, pending.Count, Sum(pending.Select(p => p.Amount)),
                StablecoinQueries.DefaultIssuer(state) == issuer);
    }

    public static WattRedemptionResponse ToResponse(RedemptionRecord r)
    {
        var paid = r.Status == RedemptionStatus.Paid;
        return new WattRedemptionResponse(r.Id, r.Holder.ToString(), r.Issuer.ToString(), r.Amount, r.PayoutReference, paid ? "paid" : "pending",
            r.RequestedHeight, r.RequestedTime, paid ? r.BankReference : null, paid ? r.PaidHeight : null, paid ? r.PaidTime : null);
    }
}
