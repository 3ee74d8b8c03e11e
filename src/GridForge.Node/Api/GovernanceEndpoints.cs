using GridForge.Chain;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Staking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>Governance under <c>/api/v1/governance</c>, read only (proposals, votes and co-signatures are signed
/// transactions): proposals with live tallies while voting and final ones after, votes, and every module's parameters
/// with their bounds (what a parameter-change proposal may name).</summary>
public static class GovernanceEndpoints
{
    /// <summary>Votes weighed in µGRID of active bond; live while voting (as the tally would be now), final after.</summary>
    public sealed record TallyResponse(ulong Yes, ulong No, ulong Abstain, ulong Turnout, ulong TotalActive, bool QuorumReached, bool ThresholdReached,
        bool Live);

    /// <summary>A proposal: what it does, its deposit, the heights that matter, the rules it is judged by, and its tally.</summary>
    public sealed record ProposalResponse(ulong Id, string Proposer, string Kind, string Action, string Description, ulong Deposit, string Status,
        ulong SubmittedHeight, ulong VotingEnd, ulong EnactmentHeight, long QuorumPpm, long ThresholdPpm, TallyResponse Tally, string? CosignedBy,
            string? Outcome);

    /// <summary>One vote on a proposal in voting, and what it weighs now.</summary>
    public sealed record VoteResponse(string Voter, string Choice, ulong Weight);

    /// <summary>A parameter: its value now, default and inclusive bounds, and whether only the genesis sets it.</summary>
    public sealed record ParamResponse(string Module, string Name, long Value, long Default, long Min, long Max, string Description, bool FixedAtGenesis);

    public static void Map(IEndpointRouteBuilder app, ChainNode node)
    {
        var api = app.MapGroup("/api/v1/governance");

        api.MapGet("/proposals", (string? status, ReadState state) =>
        {
            return Results.Ok(GovernanceQueries.All(state)
                .Where(p => status is null || GovernanceModule.StatusName(p.Status) == status)
                .Select(p => ToResponse(state, p))
                .ToList());
        }).Produces<List<ProposalResponse>>()
            .WithSummary("Every proposal (or those with ?status=voting|passed|rejected|no_quorum|enacted|enactment_failed), with live tallies while voting.");

        api.MapGet("/proposals/{id}", (ulong id, ReadState state) =>
            GovernanceQueries.Proposal(state, id) is { } p ? Results.Ok(ToResponse(state, p)) : Problems.NotFound($"no proposal has id {id}"))
            .Produces<ProposalResponse>()
            .WithSummary("One proposal with its live (while voting) or final tally.");

        api.MapGet("/proposals/{id}/votes", (ulong id, ReadState state) =>
        {
            if (GovernanceQueries.Proposal(state, id) is null) return Problems.NotFound($"no proposal has id {id}");
            return Results.Ok(GovernanceQueries.Voters(state, id)
                .Select(v => new VoteResponse(v.ToString(), GovernanceQueries.Vote(state, id, v)!.Value.ToString().ToLowerInvariant(),
                    StakingQueries.ActiveBond(state, v)))
                .ToList());
        }).Produces<List<VoteResponse>>()
            .WithSummary("The votes on a proposal in voting, each with its weight now (votes are forgotten once the final tally is stored).");

        api.MapGet("/params", (ReadState state) =>
        {
            return Results.Ok(node.Runtime.Modules.All
                .SelectMany(m => m.Params.Select(p =>
                    new ParamResponse(m.Name, p.Name, p.Get(state), p.Default, p.Min, p.Max, p.Description, p.FixedAtGenesis)))
                .ToList());
        }).Produces<List<ParamResponse>>()
            .WithSummary("Every module's parameters with their current values and bounds.");
    }

    private static ProposalResponse ToResponse(Runtime.State.IState state, Proposal p)
    {
        var live = p.Status == ProposalStatus.Voting;
        var t = GovernanceQueries.Tally(state, p);
        return new ProposalResponse(p.Id, p.Proposer.ToString(), p.Action.Kind.ToString(), p.Action.Describe(), p.Description, p.Deposit,
            GovernanceModule.StatusName(p.Status), p.SubmittedHeight, p.VotingEnd, p.EnactmentHeight, p.QuorumPpm, p.ThresholdPpm,
            new TallyResponse(t.Yes, t.No, t.Abstain, t.Turnout, t.TotalActive, t.ReachesQuorum(p.QuorumPpm), t.ReachesThreshold(p.ThresholdPpm), live),
            p.CosignedBy == default ? null : p.CosignedBy.ToString(), string.IsNullOrEmpty(p.Outcome) ? null : p.Outcome);
    }
}
