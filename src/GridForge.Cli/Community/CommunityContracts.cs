using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Contracts;

namespace GridForge.Cli.Community;

/// <summary>Each member's residential trading rule (the contracts module's residential template, DESIGN §6): its terms, the
/// message that creates it, the forecasts that drive it, and how the simulator finds it again through the API.</summary>
internal static class CommunityContracts
{
    /// <summary>How far ahead a member tells its rule what to expect: 4 hours of slots.</summary>
    public const int ForecastHorizonSlots = 16;

    /// <summary>A rule runs for at most this many slots (five years of 15-minute slots), within <c>contracts.max_slots</c>.</summary>
    public const long DurationSlots = 5 * 35_040;

    /// <summary>The rule's terms, from the member's profile seed. Prosumers keep 50 Wh a slot for themselves and sell the rest at
    /// 0.04–0.08 WATT/kWh; everyone buys its shortfall (up to 2.5 kWh a slot) at 0.12–0.20 WATT/kWh all-in, within a daily
    /// budget; every third consumer buys green only (so it takes qualifying offers rather than resting a bid).</summary>
    public static ResidentialTerms TermsOf(CommunityMember m)
    {
        var seed = m.ProfileSeed;
        var prosumer = m.Kind != MemberKind.Consumer;
        var floor = 40_000 + ((long)((seed >> 24) % 9) * 5_000);
        var ceiling = 120_000 + ((long)((seed >> 32) % 9) * 10_000);
        var green = m.Kind == MemberKind.Consumer && m.Number % 3 == 2;
        return new ResidentialTerms(m.Zone, ReserveWh: new Wh(prosumer ? 50 : 0), FloorPrice: new PricePerKwh(floor), BuyLimitWh: new Wh(2_500),
            CeilingPrice: new PricePerKwh(ceiling),
            DailyBudget: prosumer ? 3_000_000UL : 5_000_000UL, GreenOnly: green, PreferredCounterparties: [], PreferredZones: []);
    }

    /// <summary>Creates the member's rule from <paramref name="start"/> on (it has no counterparty, no termination fee, and may be
    /// ended with a day's notice).</summary>
    public static CreateContractMessage Create(CommunityMember m, SlotId start, long maxSlots) =>
        new(ContractTemplate.Residential, Address.None, start, new SlotId(start.Index + Math.Min(DurationSlots, maxSlots) - 1), 96, Amount.Zero, TermsOf(m));

    /// <summary>The member's forecast of a slot: what its meter will see, off by the forecast error of its profile.</summary>
    public static SetForecastMessage Forecast(ulong contract, CommunityMember m, long slot, long slotSeconds)
    {
        var f = m.Forecast(slot, slotSeconds);
        return new SetForecastMessage(contract, new SlotId(slot), new Wh(f.ExportedWh), new Wh(f.ImportedWh));
    }

    /// <summary>The contract id a committed <c>contracts.create</c> reports in its <c>contract_created</c> event.</summary>
    public static ulong? CreatedId(TxStatusResponse status) =>
        TxEvents.Of<ContractCreated>(status).Select(e => (ulong?)e.Contract).FirstOrDefault();

    /// <summary>After a restart: the member's live residential rule, the newest if there were several
    /// (<c>GET /api/v1/contracts?account=…&amp;live=true</c>), or null when it has none.</summary>
    public static async Task<ulong?> FindAsync(NodeClient client, Address member, CancellationToken ct)
    {
        var owner = member.ToString();
        var contracts = await client.GetAsync<List<ContractView>>($"api/v1/contracts?account={owner}&live=true", ct).ConfigureAwait(false);
        return contracts.Where(c => c.Template == ContractTemplate.Residential.Name() && c.Status == ContractStatus.Active.Name() && c.Creator == owner
            && c.NextSlot <= c.LastSlot)
            .OrderByDescending(c => c.Id).Select(c => (ulong?)c.Id).FirstOrDefault();
    }

    /// <summary>The part of the API's contract the simulator reads.</summary>
    private sealed record ContractView(ulong Id, string Template, string Status, string Creator, long NextSlot, long LastSlot);
}
