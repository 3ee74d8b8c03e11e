using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>A commercial PPA. Each slot its scheduled volume enters the book as a pre-arranged trade at the fixed price (the
/// market checks the seller's meters, the link's room and fee, and both escrows, and settlement pays it against the meters
/// like any trade). What could not trade is classed: not offered (the seller's fault), curtailed (the grid's: nobody pays),
/// not taken (the buyer's funds). Per settlement period the buyer owes take-or-pay on what it did not take, the seller the
/// shortfall penalty on what it did not offer or deliver; the two are netted into one payment.</summary>
internal static class PpaRunner
{
    public static void Act(TxContext context, ContractRecord c, SlotId slot)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        var terms = (PpaTerms)c.DecodeTerms();
        var scheduled = terms.ScheduledFor(slot).Value;
        if (scheduled == 0) return;
        var (seller, buyer) = Parties(c, terms);
        var market = ContractsModule.NeedsOf(context).Market;

        var offered = needs.Settlement.DebtTotal(state, seller) > 0 ? 0 : Math.Min(scheduled, market.SellRoom(state, slot, seller, terms.SellZone).Value);
        var route = market.Route(state, slot, terms.SellZone, terms.BuyZone);
        var carried = route is { } r ? Math.Min(offered, r.Room.Value) : 0;
        var buyerPrice = terms.Price + (route?.Fee ?? PricePerKwh.Zero);
        // A buyer that owes another account money takes nothing (the market refuses its trades until the debt is paid): that volume is its own
        // doing, so it counts as not taken and owes take-or-pay, as a seller in debt offers nothing and owes the shortfall.
        var free = needs.Tokens.GetBalance(state, buyer, Token.Watt).Free;
        var affordable = needs.Settlement.DebtToAccounts(state, buyer) > 0 ? 0 : ContractsModule.AffordableWh(free, buyerPrice);
        var taken = Math.Min(carried, affordable);
        var curtailed = offered - carried;
        uint seq = 0;
        if (taken > 0)
        {
            MarketTrade? trade = null;
            var refused = ContractsModule.InOverlay(context, c, seller, inner => market.RegisterTrade(inner,
                new PrearrangedTrade(slot, buyer, terms.BuyZone, seller, terms.SellZone, terms.Price, new Wh(taken), c.Id), out trade));
            if (refused is not null)
            {
                // Nothing the two parties control refused it (their checks ran above): count it as curtailed.
                ContractsModule.Emit(context, c, new ContractActionRefused(c.Id, slot, "trade", refused.Code, refused.Message));
                curtailed += taken;
                taken = 0;
            }
            else
            {
                seq = trade!.Seq;
            }
        }

        var record = new PpaSlotRecord(scheduled, scheduled - offered, curtailed, carried - Math.Min(carried, affordable), taken, seq);
        state.Set(ContractStore.PpaSlotKey(c.Id, slot), record.Encode());
        var period = PeriodOf(needs.Grid.SlotLengthSeconds(state), terms.Period, slot);
        var key = ContractStore.PpaPeriodKey(c.Id, period);
        var sums = state.Get(key) is { } raw ? PpaPeriod.Decode(raw) : new PpaPeriod(period, slot.Index, slot.Index, 0, 0, 0, 0, 0);
        sums = sums with
        {
            LastSlot = slot.Index,
            Scheduled = checked(sums.Scheduled + record.Scheduled),
            NotOffered = checked(sums.NotOffered + record.NotOffered),
            Curtailed = checked(sums.Curtailed + record.Curtailed),
            NotTaken = checked(sums.NotTaken + record.NotTaken),
            Traded = checked(sums.Traded + record.Traded),
        };
        state.Set(key, sums.Encode());
        ContractsModule.Emit(context, c, new PpaSlotActed(c.Id, slot, scheduled, taken, record.NotOffered, record.Curtailed, record.NotTaken, taken > 0 ? seq
            : null));
    }

    /// <summary>Settles every period whose slots have all acted and settled in the market, in order.</summary>
    /// <returns>Whether nothing is left to settle up to the contract's last slot.</returns>
    public static bool Settle(TxContext context, ContractRecord c)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        var terms = (PpaTerms)c.DecodeTerms();
        while (true)
        {
            var (first, last) = SlotsOf(needs.Grid.SlotLengthSeconds(state), terms.Period, c.NextSettle);
            first = Math.Max(first, c.Start.Index);
            last = Math.Min(last, c.LastSlot);
            if (first > c.LastSlot) return true;
            if (c.NextSlot <= last || context.Block.Time < needs.Metering.WindowClosesAt(state, new SlotId(last))) return false;
            var key = ContractStore.PpaPeriodKey(c.Id, c.NextSettle);
            if (state.Get(key) is { } raw)
            {
                var sums = PpaPeriod.Decode(raw);
                if (!sums.Settled)
                {
                    if (!TradesSettled(needs, state, c, sums)) return false;
                    SettlePeriod(context, c, terms, sums);
                }
            }

            c.NextSettle++;
        }
    }

    private static bool TradesSettled(ContractsNeeds needs, IState state, ContractRecord c, PpaPeriod sums)
    {
        for (var s = sums.FirstSlot; s <= sums.LastSlot; s++)
        {
            if (state.Get(ContractStore.PpaSlotKey(c.Id, new SlotId(s))) is { } raw && PpaSlotRecord.Decode(raw) is { Traded: > 0 } r
                && needs.Settlement.Result(state, new SlotId(s), r.TradeSeq) is null) return false;
        }

        return true;
    }

    private static void SettlePeriod(TxContext context, ContractRecord c, PpaTerms terms, PpaPeriod sums)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        long delivered = 0;
        Int128 buyerPaid = 0, sellerReceived = 0;
        for (var s = sums.FirstSlot; s <= sums.LastSlot; s++)
        {
            if (state.Get(ContractStore.PpaSlotKey(c.Id, new SlotId(s))) is not { } raw || PpaSlotRecord.Decode(raw) is not { Traded: > 0 } r) continue;
            var result = needs.Settlement.Result(state, new SlotId(s), r.TradeSeq)!;
            delivered = checked(delivered + result.Delivered);
            buyerPaid += result.BuyerPaid;
            sellerReceived += result.SellerReceived;
        }

        var settled = sums with { Settled = true, Delivered = delivered, BuyerPaid = buyerPaid, SellerReceived = sellerReceived };
        // Take-or-pay: ceil(not taken Wh × price × share‰ / 10^6); penalty: ceil(shortfall Wh × penalty / 1000). Both round
        // against the party that owes them and are exact (128-bit: a month at the largest terms overflows 64 bits). The netted
        // amount moves whole from one party to the other as far as the payer's free WATT goes; the rest becomes the payer's
        // debt to the payee, collected like an imbalance debt (it blocks the debtor's trading until paid; no value is created).
        var takeOrPay = CeilDiv((Int128)settled.NotTaken * terms.Price.MicroPerKwh * terms.TakeOrPayPermille, 1_000_000);
        var penalty = Escrow.CeilExact(new Wh(settled.ShortfallWh), terms.ShortfallPenalty);
        var net = takeOrPay - penalty;
        var (seller, buyer) = Parties(c, terms);
        var (payer, payee) = net >= 0 ? (buyer, seller) : (seller, buyer);
        var owed = (UInt128)Int128.Abs(net);
        var paid = (ulong)UInt128.Min(owed, needs.Tokens.GetBalance(state, payer, Token.Watt).Free);
        if (paid > 0 && needs.Tokens.Transfer(state, payer, payee, Token.Watt, paid) is { } refused)
        {
            throw new InvalidOperationException($"a PPA payment the balance allowed was refused: {refused}");
        }

        var unpaid = owed - paid;
        var debt = unpaid > 0 ? needs.Settlement.AddDebt(state, payer, payee, unpaid) : 0;
        settled = settled with { TakeOrPay = takeOrPay, Penalty = penalty, Net = net, Paid = paid, Unpaid = unpaid, DebtAdded = debt };
        state.Set(ContractStore.PpaPeriodKey(c.Id, sums.Period), settled.Encode());
        needs.Disputes.OnContractPeriodSettled(context, c.Id, sums.Period, payee, paid);
        ContractsModule.Emit(context, c, new PpaPeriodSettled(c.Id, sums.Period, sums.FirstSlot, sums.LastSlot, sums.Scheduled, sums.Traded, delivered,
            sums.NotTaken, sums.NotOffered, sums.Curtailed, buyerPaid, sellerReceived, takeOrPay, penalty, net, owed == 0 ? null : payer, paid, unpaid, debt));
    }

    private static Int128 CeilDiv(Int128 value, long divisor)
    {
        var q = value / divisor;
        if (value % divisor > 0) q++;
        return q;
    }

    public static (Address Seller, Address Buyer) Parties(ContractRecord c, PpaTerms terms) =>
        terms.CreatorSells ? (c.Creator, c.Counterparty) : (c.Counterparty, c.Creator);

    /// <summary>The settlement period a slot belongs to, by its start time (UTC days and calendar months), for slots of
    /// <paramref name="slotSeconds"/>.</summary>
    public static long PeriodOf(long slotSeconds, SettlementPeriod period, SlotId slot)
    {
        var start = checked(slot.Index * slotSeconds);
        return period switch
        {
            SettlementPeriod.Slot => slot.Index,
            SettlementPeriod.Day => FloorDiv(start, 86_400),
            _ => MonthIndex(start),
        };
    }

    /// <summary>The first and last slot of a period: the slots whose start time falls in it.</summary>
    public static (long First, long Last) SlotsOf(long slotSeconds, SettlementPeriod period, long index)
    {
        if (period == SettlementPeriod.Slot) return (index, index);
        var length = slotSeconds;
        var (from, to) = period == SettlementPeriod.Day ? (index * 86_400, (index + 1) * 86_400) : (MonthStart(index), MonthStart(index + 1));
        return (checked((long)CeilDiv(from, length)), checked((long)CeilDiv(to, length) - 1));
    }

    /// <summary>Year × 12 + month − 1 of a Unix time's UTC date (proleptic Gregorian calendar, integers only).</summary>
    private static long MonthIndex(long unixSeconds)
    {
        // H. Hinnant's civil_from_days: days since 1970-01-01 → year and month.
        var z = FloorDiv(unixSeconds, 86_400) + 719_468;
        var era = FloorDiv(z, 146_097);
        var doe = z - (era * 146_097);
        var yoe = (doe - (doe / 1_460) + (doe / 36_524) - (doe / 146_096)) / 365;
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var month = mp < 10 ? mp + 3 : mp - 9;
        var year = yoe + (era * 400) + (month <= 2 ? 1 : 0);
        return (year * 12) + month - 1;
    }

    /// <summary>The Unix time at which a month (year × 12 + month − 1) starts, UTC.</summary>
    private static long MonthStart(long monthIndex)
    {
        // H. Hinnant's days_from_civil for the first day of the month.
        var month = (monthIndex % 12) + 1;
        var year = (monthIndex / 12) - (month <= 2 ? 1 : 0);
        var era = FloorDiv(year, 400);
        var yoe = year - (era * 400);
        var doy = (((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5);
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return checked(((era * 146_097) + doe - 719_468) * 86_400);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;
}
