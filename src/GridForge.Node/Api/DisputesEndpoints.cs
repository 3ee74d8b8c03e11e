using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Disputes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>Disputes under <c>/api/v1/disputes</c>, read only (opening and ruling are signed transactions through the submit
/// endpoint): every dispute or those open, closed or of one account, one dispute with its votes, and who arbitrates.</summary>
public static class DisputesEndpoints
{
    /// <summary>One arbitrator's submitted ruling.</summary>
    public sealed record VoteResponse(string Arbitrator, string Ruling, ulong Amount);

    /// <summary>A dispute: its subject (slot and seq of a trade, or contract and period), parties, bond, claim and hold, deadline,
    /// status and — once closed — what moved to the opener, what was released and who got the bond.</summary>
    public sealed record DisputeResponse(ulong Id, string Subject, long? Slot, uint? Seq, ulong? Contract, long? Period, string Opener, string Respondent,
        string BondToken, ulong Bond, ulong Claim, ulong Held, string Reason, long Opened, long Deadline, bool AwaitingSettlement, string Status,
        ulong ToOpener, ulong Released, string? BondTo, long? Closed, IReadOnlyList<VoteResponse> Votes);

    /// <summary>Who rules: the council (members, threshold) or, without one, the DSO alone.</summary>
    public sealed record ArbitratorsResponse(bool Council, IReadOnlyList<string> Members, uint Threshold);

    public static void Map(IEndpointRouteBuilder app, ChainNode node)
    {
        var api = app.MapGroup("/api/v1/disputes");

        api.MapGet("", (string? status, string? account, ReadState state) =>
        {
            if (status is not (null or "open" or "closed")) return Problems.Of(400, "malformed", $"status is open or closed, not '{status}'");
            IReadOnlyList<Dispute> disputes;
            if (account is null)
            {
                disputes = DisputesQueries.All(state);
            }
            else if (Address.TryParse(account, out var a, out var error))
            {
                disputes = DisputesQueries.DisputesOf(state, a);
            }
            else
            {
                return Problems.InvalidAddress(error);
            }

            return Results.Ok(disputes.Where(d => status is null || d.IsOpen == (status == "open")).Select(ToResponse).ToList());
        }).Produces<List<DisputeResponse>>()
            .WithSummary("Every dispute, oldest first; ?status=open|closed and ?account=ADDR (opener or respondent) narrow the list.");

        api.MapGet("/{id}", (ulong id, ReadState state) => DisputesQueries.Dispute(state, id) is { } d
            ? Results.Ok(ToResponse(d))
            : Problems.Of(404, DisputesCodes.UnknownDispute, $"no dispute has id {id}"))
            .Produces<DisputeResponse>()
            .WithSummary("One dispute with its hold, votes and outcome.");

        api.MapGet("/arbitrators", (ReadState state) =>
        {
            var a = DisputesQueries.Arbitrators(state);
            return Results.Ok(new ArbitratorsResponse(DisputesQueries.Council(state) is not null, [.. a.Members.Select(m => m.ToString())], a.Threshold));
        }).Produces<ArbitratorsResponse>()
            .WithSummary("Who rules on disputes: the council governance set, else the DSO (threshold 1).");
    }

    public static DisputeResponse ToResponse(Dispute d)
    {
        var s = d.Subject;
        return new DisputeResponse(d.Id, s.KindName, s.IsTrade ? s.Slot.Index : null, s.IsTrade ? s.Seq : null, s.IsTrade ? null : s.Contract,
            s.IsTrade ? null : s.Period, d.Opener.ToString(), d.Respondent.ToString(), d.BondToken.Name(), d.Bond, d.Claim, d.Held, d.Reason, d.Opened,
            d.Deadline, d.AwaitingSettlement, DisputeNames.Name(d.Status), d.ToOpener, d.Released, d.BondTo?.ToString(), d.IsOpen ? null : d.Closed,
            [.. d.Votes.Select(v => new VoteResponse(v.Arbitrator.ToString(), v.Ruling.KindName, v.Ruling.Amount))]);
    }
}
