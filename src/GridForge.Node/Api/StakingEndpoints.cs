using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>Staking under <c>/api/v1/staking</c>, read only (bonds, intents and nominations are signed transactions): the
/// era, the current validator set with its backing, the next set as the election would make it now, candidates,
/// exposures, accounts' bonds and pending rewards, and the GRID issuance account. Amounts in µGRID.</summary>
public static class StakingEndpoints
{
    /// <summary>The current era, what it would pay if it ended at the head, and the staking parameters that shape it.</summary>
    public sealed record EraResponse(ulong Era, ulong StartHeight, long StartTime, ulong EraBlocks, ulong LastHeight, ulong Height,
        ulong TotalActive, ulong PendingEraReward, ulong PendingPaid, IReadOnlyDictionary<string, long> Params);

    /// <summary>A nominator's stake behind a validator.</summary>
    public sealed record BackerResponse(string Nominator, ulong Value);

    /// <summary>A validator of the current set (or of the next, from the election preview): power and what backs it.</summary>
    public sealed record ValidatorResponse(string Address, ulong Power, ulong Own, ulong Total, uint CommissionPpb, ulong Points, ulong PendingReward,
        bool SlashedThisEra, IReadOnlyList<BackerResponse> Nominators);

    /// <summary>An account that declared intent to validate, with its commission and active bond.</summary>
    public sealed record CandidateResponse(string Address, uint CommissionPpb, ulong Active, bool InCurrentSet);

    /// <summary>A chunk being unbonded and the era it can be withdrawn from.</summary>
    public sealed record UnlockingResponse(ulong Amount, ulong Era);

    /// <summary>A platform-access bond: in force, or released and waiting for its era.</summary>
    public sealed record AccessBondResponse(string Role, ulong Amount, bool InForce, ulong? UnlockEra);

    /// <summary>An account's staking: bond, role, nominations, what the current era would pay it, access bonds.</summary>
    public sealed record StakerResponse(string Address, ulong Active, ulong Unlocking, ulong Withdrawable, IReadOnlyList<UnlockingResponse> Chunks,
        string Role, uint? CommissionPpb, IReadOnlyList<string> Nominations, ulong PendingReward, IReadOnlyList<AccessBondResponse> AccessBonds,
        ulong? LastOffenceHeight, ulong Era, ulong Height);

    /// <summary>Every change to GRID supply since genesis; <see cref="ExpectedSupply"/> always equals <see cref="Supply"/>.</summary>
    public sealed record IssuanceResponse(ulong Supply, ulong Genesis, ulong Rewards, ulong Slashed, ulong Forfeited, ulong ExpectedSupply, ulong Height);

    public static void Map(IEndpointRouteBuilder app, ChainNode node)
    {
        var api = app.MapGroup("/api/v1/staking");

        api.MapGet("/era", (ReadState state) =>
        {
            var (_, era, payout) = Snapshot(state);
            var module = node.Runtime.Modules.ByName(StakingModule.ModuleName)!;
            var eraBlocks = (ulong)StakingModule.EraBlocks.Get(state);
            return Results.Ok(new EraResponse(era.Index, era.StartHeight, era.StartTime, eraBlocks, era.StartHeight + eraBlocks - 1, state.Height,
                StakingQueries.TotalActive(state), payout.EraReward, payout.Paid, module.Params.ToDictionary(p => p.Name, p => p.Get(state))));
        }).Produces<EraResponse>()
            .WithSummary("The current era: its first height and time, its last height, the total active bond, and what it would pay if it ended at the head.");

        api.MapGet("/validators", (ReadState state) =>
        {
            var (_, era, payout) = Snapshot(state);
            var list = AuthQueries.Validators(state).Members
                .Select(v => ToResponse(v.Address, v.Power, StakingQueries.Exposure(state, era.Index, v.Address),
                    StakingQueries.Points(state, era.Index, v.Address),
                    StakingQueries.RewardOf(payout, v.Address), StakingQueries.SlashedIn(state, era.Index, v.Address)))
                .ToList();
            return Results.Ok(list);
        }).Produces<List<ValidatorResponse>>()
            .WithSummary("The validator set signing now: voting power (its elected backing), own and nominated stake, commission, blocks proposed this era, " +
                "pending reward.");

        api.MapGet("/validators/next", (ReadState state) =>
        {
            return Results.Ok(StakingQueries.NextElection(state).Select(e => ToResponse(e.Validator, e.Exposure.Total, e.Exposure, 0, 0, false)).ToList());
        }).Produces<List<ValidatorResponse>>()
            .WithSummary("The set the era's end would elect if it came now (sequential Phragmén over the bonded stake as it stands), in election order.");

        api.MapGet("/candidates", (ReadState state) =>
        {
            var current = AuthQueries.Validators(state);
            return Results.Ok(StakingQueries.Candidates(state)
                .Select(v => new CandidateResponse(v.ToString(), StakingQueries.Validator(state, v)?.CommissionPpb ?? 0, StakingQueries.Ledger(state, v).Active,
                    current.PowerOf(v) > 0))
                .ToList());
        }).Produces<List<CandidateResponse>>()
            .WithSummary("Every account that declared intent to validate, with its commission and active bond.");

        api.MapGet("/exposures/{era}/{address}", (ulong era, string address, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            return StakingQueries.Exposure(state, era, a) is { } exposure
                ? Results.Ok(ToResponse(a, exposure.Total, exposure, StakingQueries.Points(state, era, a), 0, StakingQueries.SlashedIn(state, era, a)))
                : Problems.NotFound($"{a} has no exposure kept for era {era}");
        }).Produces<ValidatorResponse>()
            .WithSummary("What backed a validator in a kept era (the current one and the unbonding period before it).");

        api.MapGet("/accounts/{address}", (string address, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            var (_, era, payout) = Snapshot(state);
            var ledger = StakingQueries.Ledger(state, a);
            var prefs = StakingQueries.Validator(state, a);
            var nominations = StakingQueries.Nominations(state, a);
            var access = StakingQueries.AccessRolesOf(state, a)
                .Select(r => (Role: r, Bond: StakingQueries.Access(state, r, a)!))
                .Select(x => new AccessBondResponse(x.Role, x.Bond.Amount, StakingQueries.HasAccess(state, a, x.Role), x.Bond.UnlockEra))
                .ToList();
            var withdrawable = ledger.Unlocking.Where(c => c.Era <= era.Index).Aggregate(0UL, (s, c) => s + c.Amount);
            return Results.Ok(new StakerResponse(a.ToString(), ledger.Active, ledger.UnlockingTotal, withdrawable,
                [.. ledger.Unlocking.Select(c => new UnlockingResponse(c.Amount, c.Era))],
                prefs is not null ? "validator" : nominations is not null ? "nominator" : "none", prefs?.CommissionPpb,
                [.. (nominations ?? []).Select(n => n.ToString())], StakingQueries.RewardOf(payout, a), access, StakingQueries.LastOffence(state, a), era.Index,
                state.Height));
        }).Produces<StakerResponse>()
            .WithSummary("An account's bond (active, unbonding chunks, withdrawable now), role, nominations, pending reward for the current era, access " +
                "bonds.");

        api.MapGet("/issuance", (ReadState state) =>
        {
            var issuance = StakingQueries.Issuance(state);
            return Results.Ok(new IssuanceResponse(TokensQueries.Supply(state, Token.Grid), issuance.Genesis, issuance.Rewards, issuance.Slashed,
                issuance.Forfeited,
                issuance.ExpectedSupply, state.Height));
        }).Produces<IssuanceResponse>()
            .WithSummary("GRID supply and its account: genesis + staking rewards − slashes − forfeited governance deposits.");
    }

    /// <summary>The committed state, its era, and the era's payout if it ended at the head (the pending rewards).</summary>
    private static (ReadState State, EraInfo Era, EraPayout Payout) Snapshot(ReadState state)
    {
        var era = StakingQueries.Era(state);
        return (state, era, StakingQueries.PendingPayout(state, era, state.Height, state.Time));
    }

    private static ValidatorResponse ToResponse(Address validator, ulong power, Exposure? exposure, ulong points, ulong pending, bool slashed) =>
        new(validator.ToString(), power, exposure?.Own ?? 0, exposure?.Total ?? 0, exposure?.CommissionPpb ?? 0, points, pending, slashed,
            [.. (exposure?.Others ?? []).Select(o => new BackerResponse(o.Nominator.ToString(), o.Value))]);
}
