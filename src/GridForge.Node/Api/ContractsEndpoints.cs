using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>Contracts under <c>/api/v1/contracts</c>: the templates, a contract with its terms, its history, the orders it
/// placed, its PPA periods or flexibility slots, and the contracts of an account. Contracts are created, accepted,
/// terminated and fed forecasts with signed transactions through the submit endpoint.</summary>
public static class ContractsEndpoints
{
    /// <summary>A contract as stored, its template's terms spelled out.</summary>
    public sealed record ContractResponse(ulong Id, string Template, string Status, string Creator, string? Counterparty, long Start, long End, long LastSlot,
        uint NoticeSlots, ulong TerminationFee, string? TerminatedBy, long NextSlot, long CreatedAt, object Terms);

    /// <summary>A residential rule's terms (prices in µWATT/kWh, energy in Wh, budget in µWATT).</summary>
    public sealed record ResidentialTermsResponse(string Zone, long ReserveWh, long FloorPrice, long BuyLimitWh, long CeilingPrice, ulong DailyBudget,
        bool GreenOnly,
        IReadOnlyList<string> PreferredCounterparties, IReadOnlyList<string> PreferredZones);

    /// <summary>A PPA's terms with its seller and buyer.</summary>
    public sealed record PpaTermsResponse(string Seller, string Buyer, string SellZone, string BuyZone, long Price, IReadOnlyList<long> Schedule,
        uint TakeOrPayPermille,
        long ShortfallPenalty, string Period);

    /// <summary>A flexibility contract's terms with the paying DSO and the provider.</summary>
    public sealed record FlexibilityTermsResponse(string Dso, string Provider, string Zone, string Direction, long Price, long MaxWh, uint BaselineDays);

    /// <summary>One entry of a contract's history: block time, event kind and attributes.</summary>
    public sealed record HistoryEntry(long Time, string Kind, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>A PPA's settlement period (docs/contracts.md): the sums of its slots in Wh, then once settled what moved, in µWATT;
    /// 128-bit sums are exact JSON integers.</summary>
    public sealed record PpaPeriodResponse(long Period, long FirstSlot, long LastSlot, long Scheduled, long NotOffered, long Curtailed, long NotTaken,
        long Traded, bool Settled, long Delivered, Int128 BuyerPaid, Int128 SellerReceived, Int128 TakeOrPay, Int128 Penalty, Int128 Net, ulong Paid,
        UInt128 Unpaid, ulong DebtAdded, long ShortfallWh, Int128 BuyerTotal);

    /// <summary>A flexibility contract's activated slot and its record.</summary>
    public sealed record FlexSlotResponse(long Slot, FlexSlotRecord Record);

    /// <summary>A template and the fields of its terms.</summary>
    public sealed record TemplateResponse(string Name, string Parties, string Description, IReadOnlyList<string> Terms);

    private static readonly TemplateResponse[] Templates =
    [
        new("residential", "the owner alone", "Every slot: offer the forecast net surplus above a reserve at a floor price, or bid for the net shortfall (up " +
            "to a limit) at a ceiling price; optional daily budget, preferred counterparties or zones, green-only buying.",
            ["zone", "reserveWh", "floorPrice", "buyLimitWh", "ceilingPrice", "dailyBudget", "greenOnly", "preferredCounterparties", "preferredZones"]),
        new("ppa", "a seller and a buyer; the other accepts",
            "A fixed price for a volume schedule per slot (entry slot mod n), entered as pre-arranged trades; take-or-pay share and shortfall penalty netted " +
            "per settlement period (slot, day, month).",
            ["sellZone", "buyZone", "creatorSells", "price", "schedule", "takeOrPayPermille", "shortfallPenalty", "period"]),
        new("flexibility", "the DSO offers, a provider accepts",
            "In slots the DSO declares congested, the DSO pays the price per kWh of consumption (or export) below the provider's baseline, at most maxWh per " +
            "slot.",
            ["zone", "direction", "price", "maxWh", "baselineDays"]),
    ];

    public static void Map(IEndpointRouteBuilder app, ChainNode node)
    {
        var api = app.MapGroup("/api/v1/contracts");

        api.MapGet("/templates", () => Results.Ok(Templates)).Produces<List<TemplateResponse>>()
            .WithSummary("The contract templates and the fields of their terms.");

        api.MapGet("/", (string? account, bool? live, ReadState state) =>
        {
            IEnumerable<ContractRecord> contracts;
            if (account is not null)
            {
                if (!Address.TryParse(account, out var a, out var error)) return Problems.InvalidAddress(error);
                contracts = ContractsQueries.ContractsOf(state, a);
            }
            else
            {
                contracts = ContractsQueries.Live(state).Select(id => ContractsQueries.Contract(state, id)!);
            }

            var list = contracts.Where(c => live != true || c.Status is ContractStatus.Active or ContractStatus.Proposed);
            return Results.Ok(list.Select(Contract).ToList());
        }).Produces<List<ContractResponse>>()
            .WithSummary("Contracts: an account's (?account=ADDR, all statuses unless live=true), else every live (proposed or active) contract.");

        api.MapGet("/{id}", (ulong id, ReadState state) => Found(state, id, c => Results.Ok(Contract(c)))).Produces<ContractResponse>()
            .WithSummary("A contract with its terms.");

        api.MapGet("/{id}/history", (ulong id, ReadState state) => Found(state, id, c => Results.Ok(ContractsQueries.History(state, id)
            .Select(h => new HistoryEntry(h.Time, h.Event.Kind, EventJson.Attributes(h.Event))).ToList())))
            .Produces<List<HistoryEntry>>()
            .WithSummary("Every step of the contract in order: created, accepted, orders, refusals, slot and period results, termination.");

        api.MapGet("/{id}/orders", (ulong id, ReadState state) => Found(state, id, c =>
            Results.Ok(ContractsQueries.Orders(state, c).Select(MarketEndpoints.Order).ToList())))
            .Produces<List<MarketEndpoints.OrderResponse>>()
            .WithSummary("The market orders the contract placed (a residential rule's).");

        api.MapGet("/{id}/periods", (ulong id, ReadState state) => Found(state, id, c =>
            Results.Ok(ContractsQueries.Periods(state, id).Select(Period).ToList())))
            .Produces<List<PpaPeriodResponse>>()
            .WithSummary("A PPA's settlement periods: sums of its slots, and once settled what was delivered and paid, take-or-pay, penalty and the netted " +
                "payment.");

        api.MapGet("/{id}/flex-slots", (ulong id, ReadState state) => Found(state, id, c =>
            Results.Ok(ContractsQueries.FlexSlots(state, id).Select(f => new FlexSlotResponse(f.Slot.Index, f.Record)).ToList())))
            .Produces<List<FlexSlotResponse>>()
            .WithSummary("A flexibility contract's activated slots: escrow, then baseline, metered value, reduction and payment once verified.");
    }

    private static IResult Found(IState state, ulong id, Func<ContractRecord, IResult> then) =>
        ContractsQueries.Contract(state, id) is { } c ? then(c) : Problems.Of(404, ContractsCodes.UnknownContract, $"no contract {id} exists");

    public static ContractResponse Contract(ContractRecord c) => new(c.Id, c.Template.Name(), c.Status.Name(), c.Creator.ToString(),
        c.Counterparty == Address.None ? null : c.Counterparty.ToString(), c.Start.Index, c.End.Index, c.LastSlot, c.NoticeSlots, c.TerminationFee,
        c.TerminatedBy == Address.None ? null : c.TerminatedBy.ToString(), c.NextSlot, c.CreatedAt, Terms(c));

    private static PpaPeriodResponse Period(PpaPeriod p) => new(p.Period, p.FirstSlot, p.LastSlot, p.Scheduled, p.NotOffered, p.Curtailed, p.NotTaken,
        p.Traded, p.Settled, p.Delivered, p.BuyerPaid, p.SellerReceived, p.TakeOrPay, p.Penalty, p.Net, p.Paid, p.Unpaid, p.DebtAdded,
        p.ShortfallWh, p.BuyerTotal);

    private static object Terms(ContractRecord c) => c.DecodeTerms() switch
    {
        ResidentialTerms r => new ResidentialTermsResponse(r.Zone.Name, r.ReserveWh.Value, r.FloorPrice.MicroPerKwh, r.BuyLimitWh.Value,
            r.CeilingPrice.MicroPerKwh, r.DailyBudget, r.GreenOnly,
            [.. r.PreferredCounterparties.Select(a => a.ToString())], [.. r.PreferredZones.Select(z => z.Name)]),
        PpaTerms p => new PpaTermsResponse((p.CreatorSells ? c.Creator : c.Counterparty).ToString(), (p.CreatorSells ? c.Counterparty : c.Creator).ToString(),
            p.SellZone.Name, p.BuyZone.Name, p.Price.MicroPerKwh, [.. p.Schedule.Select(wh => wh.Value)], p.TakeOrPayPermille, p.ShortfallPenalty.MicroPerKwh,
            p.Period.Name()),
        FlexibilityTerms f => new FlexibilityTermsResponse(c.Creator.ToString(), c.Counterparty.ToString(), f.Zone.Name, f.Direction.Name(),
            f.Price.MicroPerKwh, f.MaxWh.Value,
            f.BaselineDays),
        _ => new { },
    };
}
