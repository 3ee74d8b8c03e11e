using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Stablecoin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>The sandbox bank under <c>/api/v1/sandbox-bank</c> (dev chains only): play fiat deposits in, let an issuer's
/// bridge mark them minted and pay redemptions out, and show payout status and balances. It moves play money only; it
/// holds no keys, and it pays only redemptions that exist on chain with the same issuer, amount and payout reference.</summary>
public static class SandboxBankEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ChainNode node, SandboxBank bank)
    {
        var api = app.MapGroup("/api/v1/sandbox-bank");

        api.MapPost("/deposits", (SandboxDepositRequest request, ReadState state) =>
        {
            if (!Address.TryParse(request.Beneficiary, out var beneficiary, out var error)) return Problems.Of(400, "invalid_address", $"beneficiary: {error}");
            Address issuer;
            if (request.Issuer is null)
            {
                if (StablecoinQueries.DefaultIssuer(state) is not { } chosen)
                {
                    return Problems.BadRequest("the chain has several active issuers and none holds the issuer role; name one in issuer");
                }

                issuer = chosen;
            }
            else if (!Address.TryParse(request.Issuer, out issuer, out error))
            {
                return Problems.Of(400, "invalid_address", $"issuer: {error}");
            }
            else if (!StablecoinQueries.IsActiveIssuer(state, issuer))
            {
                // As the chain would: a deposit backs WATT only in an active issuer's reserve, so the bank takes no other.
                return Problems.Of(400, StablecoinCodes.UnknownIssuer,
                    $"{issuer} is not an active WATT issuer on this chain; a deposit goes to an issuer's reserve");
            }

            return Guard(() =>
            {
                var deposit = bank.ReceiveDeposit(issuer, beneficiary, request.Amount, request.Payer ?? "sandbox");
                return Results.Created($"/api/v1/sandbox-bank/deposits/{deposit.Reference}", ToResponse(deposit));
            });
        }).Produces<SandboxDepositResponse>(StatusCodes.Status201Created)
            .WithSummary("Play a fiat deposit (µ-units) into an issuer's reserve account for a beneficiary; returns its deposit reference.");

        api.MapGet("/deposits", (string? issuer, bool? unminted) =>
        {
            Address? who = null;
            if (issuer is not null)
            {
                if (!Address.TryParse(issuer, out var a, out var error)) return Problems.InvalidAddress(error);
                who = a;
            }

            return Results.Ok(bank.Deposits(who, unminted ?? false).Select(ToResponse).ToList());
        }).Produces<List<SandboxDepositResponse>>()
            .WithSummary("Deposits, oldest first (of one issuer, and only those not yet minted, when asked).");

        api.MapGet("/deposits/{reference}", (string reference) =>
            bank.FindDeposit(reference) is { } d ? Results.Ok(ToResponse(d)) : Problems.NotFound($"no deposit '{reference}'"))
            .Produces<SandboxDepositResponse>()
            .WithSummary("One deposit and whether it was minted.");

        api.MapPost("/deposits/{reference}/minted", (string reference, SandboxMintedRequest request) =>
        {
            if (!Address.TryParse(request.Issuer, out var issuer, out var error)) return Problems.InvalidAddress(error);
            return Guard(() =>
            {
                bank.MarkDepositMintedAsync(issuer, reference, request.ChainReference).GetAwaiter().GetResult();
                return Results.Ok(ToResponse(bank.FindDeposit(reference)!));
            });
        }).Produces<SandboxDepositResponse>()
            .WithSummary("The issuer's bridge marks a deposit minted on chain (idempotent: the first record stays).");

        api.MapPost("/payouts", (SandboxPayoutRequest request, ReadState state) =>
        {
            if (!Address.TryParse(request.Issuer, out var issuer, out var error)) return Problems.InvalidAddress(error);
            var prefix = PayoutInstruction.ScopeOf(node.ChainId, node.GenesisHash);
            if (!request.Key.StartsWith(prefix, StringComparison.Ordinal) || !ulong.TryParse(request.Key.AsSpan(prefix.Length), out var id))
            {
                return Problems.BadRequest($"a payout key is '{prefix}<redemption id>'");
            }

            if (StablecoinQueries.Redemption(state, id) is not { } r) return Problems.NotFound($"no redemption has id {id}");
            if (r.Issuer != issuer || r.Amount != request.Amount || r.PayoutReference != request.PayoutReference)
            {
                return Problems.Of(409, "payout_mismatch", $"redemption {id} is {r.Amount} µ owed by {r.Issuer} to '{r.PayoutReference}'");
            }

            return Guard(() => Results.Ok(ToResponse(bank.PayOutAsync(new PayoutInstruction(request.Key, issuer, request.Amount, request.PayoutReference))
                .GetAwaiter().GetResult())));
        }).Produces<SandboxPayoutResponse>()
            .WithSummary("Pay a redemption out of the issuer's reserves, once per key; a repeat returns the payout already made.");

        api.MapGet("/payouts/{redemptionId}", (ulong redemptionId, ReadState state) =>
        {
            if (StablecoinQueries.Redemption(state, redemptionId) is not { } r) return Problems.NotFound($"no redemption has id {redemptionId}");
            var payout = bank.FindPayoutAsync(PayoutInstruction.KeyOf(node.ChainId, node.GenesisHash, redemptionId)).GetAwaiter().GetResult();
            var paid = r.Status == RedemptionStatus.Paid;
            return Results.Ok(new PayoutStatusResponse(r.Id, paid ? "paid" : "pending", r.Issuer.ToString(), r.Amount, r.PayoutReference,
                paid ? r.BankReference : null, payout is null ? null : ToResponse(payout)));
        }).Produces<PayoutStatusResponse>()
            .WithSummary("A redemption's payout status on both sides: on chain (pending or paid) and at the bank.");

        api.MapGet("/payouts", () => Results.Ok(bank.Payouts().Select(ToResponse).ToList()))
            .Produces<List<SandboxPayoutResponse>>()
            .WithSummary("Every payout the sandbox bank made, oldest first.");

        api.MapGet("/accounts/{account}", (string account) => Results.Ok(new SandboxAccountResponse(account, bank.Balance(account))))
            .Produces<SandboxAccountResponse>()
            .WithSummary("A sandbox account's balance (reserve:<issuer> or customer:<payout reference>), µ-units.");

        api.MapGet("/reserves/{issuer}", (string issuer) =>
        {
            if (!Address.TryParse(issuer, out var a, out var error)) return Problems.InvalidAddress(error);
            var account = SandboxBank.ReserveAccount(a);
            return Results.Ok(new SandboxAccountResponse(account, bank.Balance(account)));
        }).Produces<SandboxAccountResponse>()
            .WithSummary("The fiat an issuer holds in reserve at the sandbox bank, µ-units (what its attestor attests).");
    }

    private static IResult Guard(Func<IResult> body)
    {
        try
        {
            return body();
        }
        catch (BankRefusedException e)
        {
            return Problems.Of(e.Code == BankRefusedException.UnknownDeposit ? 404 : e.Code == BankRefusedException.InvalidRequest ? 400 : 409, e.Code,
                e.Message);
        }
    }

    private static SandboxDepositResponse ToResponse(BankDeposit d) =>
        new(d.Reference, d.Issuer.ToString(), d.Beneficiary.ToString(), d.Amount, d.Payer, d.ReceivedAt, d.MintedBy);

    private static SandboxPayoutResponse ToResponse(BankPayout p) =>
        new(p.Key, p.BankReference, p.Issuer.ToString(), p.Amount, p.PayoutReference, p.PaidAt);
}
