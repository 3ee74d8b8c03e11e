using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>A residential trading rule acting in one slot on the household's net position: it sells the forecast surplus
/// (export − import) above the reserve at the floor price, or buys the forecast shortfall (import − export, up to the buy
/// limit) at the ceiling price, within its daily budget, as ordinary orders of
/// its owner. A selective rule (preferred counterparties or zones, green only) never rests a bid that anyone could hit: it takes
/// qualifying offers one by one, each with an ioc order priced at exactly that offer's all-in price.</summary>
internal static class ResidentialRunner
{
    public static void Act(TxContext context, ContractRecord c, SlotId slot)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        var terms = (ResidentialTerms)c.DecodeTerms();
        var market = ContractsModule.NeedsOf(context).Market;
        var (export, import) = Forecast(needs, state, c, terms, slot);
        ContractStore.DeleteForecast(state, c.Id, slot);
        var maxWh = needs.Market.MaxOrderWh(state);

        var surplus = checked(export - import - terms.ReserveWh.Value);
        if (surplus > 0)
        {
            var room = market.SellRoom(state, slot, c.Creator, terms.Zone).Value;
            var wh = Math.Min(Math.Min(surplus, room), maxWh);
            if (wh > 0) Place(context, c, market,
                new PlaceOrderMessage(slot, Side.Sell, OrderKind.LimitGtc, terms.Zone, terms.FloorPrice, new Wh(wh)));
            else Skip(context, c, slot, "sell", MarketCodes.OverCapacity,
                $"no room to sell: the owner's production meters in '{terms.Zone}' are fully offered or absent");
        }

        var want = Math.Min(Math.Min(checked(import - export), terms.BuyLimitWh.Value), maxWh);
        if (want > 0) Buy(context, c, terms, market, slot, want);
    }

    /// <summary>The owner's forecast for the slot, else the meters' readings of the same slot a day earlier (persistence).</summary>
    private static (long Export, long Import) Forecast(ContractsNeeds needs, IState state, ContractRecord c, ResidentialTerms terms, SlotId slot)
    {
        if (ContractStore.Forecast(state, c.Id, slot) is { } f) return f;
        var day = ContractsModule.SlotsPerDay(needs, state);
        return ContractsModule.Metered(needs, state, c.Creator, terms.Zone, new SlotId(slot.Index - day)) is { } m ? (m.Exported, m.Imported) : (0, 0);
    }

    private static void Buy(TxContext context, ContractRecord c, ResidentialTerms terms, ContractsNeeds.IMarket market, SlotId slot, long want)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        var day = slot.Index * needs.Grid.SlotLengthSeconds(state) / 86_400;
        if (!terms.Selective)
        {
            var wh = Math.Min(want, Affordable(needs, state, c, terms, day, terms.CeilingPrice));
            if (wh <= 0)
            {
                Skip(context, c, slot, "buy", RejectionCodes.InsufficientFunds, "the daily budget or the owner's free WATT leaves nothing to buy with");
                return;
            }

            var bid = new PlaceOrderMessage(slot, Side.Buy, OrderKind.LimitGtc, terms.Zone, terms.CeilingPrice, new Wh(wh));
            if (Place(context, c, market, bid) is { } id)
            {
                ContractStore.AddDayOrder(state, c.Id, day, id);
            }

            return;
        }

        var left = want;
        var sweeps = ContractsModule.MaxSweepOrders.Get(state);
        for (var n = 0; n < sweeps && left > 0; n++)
        {
            var best = market.BestCrossingAsk(state, slot, terms.Zone);
            if (best is null || best.AllInPrice > terms.CeilingPrice || !Qualifies(needs, state, terms, c.Creator, best)) return;
            var wh = Math.Min(Math.Min(left, best.Order.Remaining), Math.Min(best.Room.Value, Affordable(needs, state, c, terms, day, best.AllInPrice)));
            if (wh <= 0) return;
            var take = new PlaceOrderMessage(slot, Side.Buy, OrderKind.LimitIoc, terms.Zone, best.AllInPrice, new Wh(wh));
            if (Place(context, c, market, take) is not { } id) return;
            ContractStore.AddDayOrder(state, c.Id, day, id);
            var filled = needs.Market.Order(state, id)!.Filled;
            if (filled == 0) return;
            left -= filled;
        }
    }

    /// <summary>Whether a resting offer is one a selective rule may take: not the owner's own, from a preferred counterparty or
    /// zone when it lists any, and from an account whose production meters in that zone are all solar or wind when green only.</summary>
    private static bool Qualifies(ContractsNeeds needs, IState state, ResidentialTerms terms, Address owner, CrossingAsk ask)
    {
        var seller = ask.Order.Owner;
        if (seller == owner) return false;
        if ((terms.PreferredCounterparties.Count > 0 || terms.PreferredZones.Count > 0)
            && !terms.PreferredCounterparties.Contains(seller) && !terms.PreferredZones.Contains(ask.Order.Zone)) return false;
        return !terms.GreenOnly || IsGreen(needs, state, seller, ask.Order.Zone);
    }

    private static bool IsGreen(ContractsNeeds needs, IState state, Address seller, ZoneId zone)
    {
        var any = false;
        foreach (var id in needs.Metering.MetersOf(state, seller))
        {
            if (needs.Metering.Meter(state, id) is not { IsActive: true, Produces: true } m || m.Zone != zone) continue;
            if (m.Technology is not (MeterTechnology.Solar or MeterTechnology.Wind)) return false;
            any = true;
        }

        return any;
    }

    /// <summary>Most Wh a buy at <paramref name="price"/> may hold: its escrow (the most it can cost) within the owner's free WATT
    /// and what the daily budget has left after the day's orders (what they paid at most, plus what they still hold).</summary>
    private static long Affordable(ContractsNeeds needs, IState state, ContractRecord c, ResidentialTerms terms, long day, PricePerKwh price)
    {
        var allowance = needs.Tokens.GetBalance(state, c.Creator, Token.Watt).Free;
        if (terms.DailyBudget > 0)
        {
            ulong committed = 0;
            foreach (var id in ContractStore.DayOrders(state, c.Id, day))
            {
                var o = needs.Market.Order(state, (ulong)id)!;
                committed = checked(committed + (ulong)Math.Max(0, Escrow.Ceil(new Wh(o.Filled), new PricePerKwh(o.Price))) + o.Escrow);
            }

            allowance = Math.Min(allowance, terms.DailyBudget > committed ? terms.DailyBudget - committed : 0);
        }

        return ContractsModule.AffordableWh(allowance, price);
    }

    /// <summary>Places an order for the owner through the market's own path; a refusal is an event and changes nothing.</summary>
    internal static ulong? Place(TxContext context, ContractRecord c, ContractsNeeds.IMarket market, PlaceOrderMessage m)
    {
        ulong id = 0;
        var refused = ContractsModule.InOverlay(context, c, c.Creator, inner => market.PlaceFor(inner, c.Creator, m, c.Id, out id));
        if (refused is not null)
        {
            Skip(context, c, m.Slot, m.Side.Name(), refused.Code, refused.Message);
            return null;
        }

        ContractsModule.Emit(context, c, new ContractOrderPlaced(c.Id, m.Slot, id, m.Side, m.Kind, m.Zone, m.Price.MicroPerKwh, m.Quantity.Value));
        return id;
    }

    private static void Skip(TxContext context, ContractRecord c, SlotId slot, string action, string code, string reason) =>
        ContractsModule.Emit(context, c, new ContractActionRefused(c.Id, slot, action, code, reason));
}
