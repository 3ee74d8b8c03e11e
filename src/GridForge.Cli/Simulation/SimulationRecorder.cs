using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Cli.Simulation;

/// <summary>One trade as it settled, with the households by index and the part of it the buyer consumed (docs/simulate.md). A value
/// type whose zone names are the households' own strings, so half a million trades are one array to the garbage collector.</summary>
internal readonly record struct TradeRow(int K, uint Seq, int Buyer, int Seller, string BuyZone, string SellZone, long Quantity, long Delivered, long Price,
    long Fee, long BuyerPrice, long SellerPrice, long BuyerPaid, long SellerReceived, long DsoReceived, long Penalty, long PenaltyPaid, long ConsumedWh,
    long CertifiedWh, ulong Contract);

/// <summary>What a run measured of itself.</summary>
internal sealed record RunFigures(int Households, int Slots, ulong Blocks, long Transactions, long Readings, long RefusedActions,
    IReadOnlyDictionary<string, long> Refused, double PlanSeconds, double ChainSeconds, double? ChainCpuSeconds, double? ChainWaitSeconds,
    long ChainAllocatedBytes);

/// <summary>Reads each settled slot back from the state (trades, settlement results, the book's link flows) and works out what
/// the utility, the market of last resort, takes and gives: per household and slot,
/// net = (imported − exported) − (bought − sold) (market Wh delivered); a positive net is bought from the utility at the retail
/// tariff (ceil), a negative one sold to it at the feed-in tariff (floor).</summary>
internal sealed class SimulationRecorder
{
    private readonly Scenario _scenario;
    private readonly SimHousehold[] _households;
    private readonly Dictionary<Address, int> _index;
    private readonly long _firstSlot;
    private readonly int _slots;
    private int _billedUpTo;

    public SimulationRecorder(Scenario scenario, SimHousehold[] households, long firstSlot)
    {
        _scenario = scenario;
        _households = households;
        _index = households.ToDictionary(h => h.Account, h => h.Index);
        _firstSlot = firstSlot;
        _slots = scenario.Slots;
        var cells = households.Length * _slots;
        Bought = new long[cells];
        Sold = new long[cells];
        Paid = new long[cells];
        Received = new long[cells];
        Penalty = new long[cells];
        ConsumedLocal = new long[cells];
        UtilityImport = new long[cells];
        UtilityExport = new long[cells];
        UtilityCost = new long[cells];
        UtilityRevenue = new long[cells];
        Links = [.. scenario.Grid.Links.Select(l => GridLink.Canonical(new ZoneId(l.From), new ZoneId(l.To), l.Fee, l.Capacity, l.CapacityBack ?? l.Capacity))];
        LinkFlows = new long[_slots][];
    }

    /// <summary>Per household and slot (index h × slots + k): market Wh delivered to and from it, µWATT paid and received for
    /// them, imbalance penalty charged, Wh of its purchases it consumed, and the utility's share.</summary>
    public long[] Bought { get; }
    public long[] Sold { get; }
    public long[] Paid { get; }
    public long[] Received { get; }
    public long[] Penalty { get; }
    public long[] ConsumedLocal { get; }
    public long[] UtilityImport { get; }
    public long[] UtilityExport { get; }
    public long[] UtilityCost { get; }
    public long[] UtilityRevenue { get; }
    public List<TradeRow> Trades { get; } = [];

    /// <summary>The grid's links (canonical order) and, per slot, each link's net flow from its first zone to its second.</summary>
    public IReadOnlyList<GridLink> Links { get; }
    public long[][] LinkFlows { get; }

    public int Cell(int household, int k) => (household * _slots) + k;

    /// <summary>Records slot index <paramref name="k"/>, which the last block settled.</summary>
    public void RecordSlot(IState state, int k)
    {
        var slot = new SlotId(_firstSlot + k);
        var book = MarketQueries.Book(state, slot);
        LinkFlows[k] = book is null ? new long[Links.Count] : FlowsOf(book);
        if (book is { TradeCount: > 0 })
        {
            if (book.Status != SlotStatus.Closed || SettlementQueries.Pending(state).Contains(slot.Index))
            {
                throw new InvalidOperationException($"slot {slot} has not settled when the simulation expected it to");
            }

            var left = new Dictionary<int, long>();
            foreach (var t in MarketQueries.Trades(state, slot))
            {
                var r = SettlementQueries.Result(state, slot, t.Seq) ?? throw new InvalidOperationException($"trade {slot}:{t.Seq} has no settlement");
                var b = _index[t.Buyer];
                var s = _index[t.Seller];
                var cb = Cell(b, k);
                var cs = Cell(s, k);
                Bought[cb] += r.Delivered;
                Sold[cs] += r.Delivered;
                Paid[cb] += r.BuyerPaid;
                Received[cs] += r.SellerReceived;
                Penalty[cs] += (long)r.Penalty;
                // The buyer consumes its purchases in trade order, up to what its meter imported; the rest spills to the utility.
                var room = left.TryGetValue(b, out var l) ? l : _households[b].Flows[k].ImportWh;
                var consumed = Math.Min(room, r.Delivered);
                left[b] = room - consumed;
                ConsumedLocal[cb] += consumed;
                Trades.Add(new TradeRow(k, t.Seq, b, s, ZoneName(t.BuyZone, b), ZoneName(t.SellZone, s), t.Quantity, r.Delivered, t.Price, t.Fee, t.BuyerPrice,
                    t.SellerPrice,
                    r.BuyerPaid, r.SellerReceived, (long)r.DsoReceived, (long)r.Penalty, (long)r.PenaltyPaid, consumed, r.CertifiedWh, t.Contract));
            }
        }

        var retail = _scenario.Tariffs.Retail;
        var feedIn = _scenario.Tariffs.FeedIn;
        for (var h = 0; h < _households.Length; h++)
        {
            var c = Cell(h, k);
            var f = _households[h].Flows[k];
            var net = checked(f.ImportWh - f.ExportWh - (Bought[c] - Sold[c]));
            if (net > 0)
            {
                UtilityImport[c] = net;
                UtilityCost[c] = Escrow.Ceil(new Wh(net), new PricePerKwh(retail));
            }
            else if (net < 0)
            {
                UtilityExport[c] = -net;
                UtilityRevenue[c] = Escrow.Floor(new Wh(-net), new PricePerKwh(feedIn));
            }
        }
    }

    /// <summary>The zone's name as the household holds it (one string per zone, not one per trade).</summary>
    private string ZoneName(ZoneId zone, int household) =>
        _households[household].Zone == zone ? _households[household].Zone.Name : zone.Name;

    private long[] FlowsOf(SlotBook book)
    {
        var topology = GridTopology.Decode(book.Grid);
        var flows = new long[Links.Count];
        for (var p = 0; p < topology.Links.Count; p++)
        {
            var link = topology.Links[p];
            var i = Links.ToList().FindIndex(l => l.From == link.From && l.To == link.To);
            if (i >= 0) flows[i] = book.Flows[p];
        }

        return flows;
    }

    /// <summary>Each household's utility bill for the slots recorded since the last bill, up to <paramref name="lastK"/>: µWATT it
    /// owes (positive) or is owed (negative).</summary>
    public IEnumerable<(Address Account, long Amount)> UtilityBills(int lastK)
    {
        var from = _billedUpTo;
        _billedUpTo = lastK + 1;
        for (var h = 0; h < _households.Length; h++)
        {
            long amount = 0;
            for (var k = from; k <= lastK; k++) amount = checked(amount + UtilityCost[Cell(h, k)] - UtilityRevenue[Cell(h, k)]);
            if (amount != 0) yield return (_households[h].Account, amount);
        }
    }

    /// <summary>What the PPAs' settlement periods netted (take-or-pay against penalties), per household: µWATT paid (positive) or
    /// received (negative) and the slot index of the period's end.</summary>
    private List<(int Household, int K, long Amount)> PpaPayments(IState state, IReadOnlyList<(ulong Id, int Seller, int Buyer, ScenarioPpa Terms)> ppas)
    {
        var list = new List<(int, int, long)>();
        foreach (var (id, seller, buyer, terms) in ppas)
        {
            var periods = new SortedSet<long>();
            for (var k = 0; k < _slots; k++)
            {
                var slot = _firstSlot + k;
                periods.Add(terms.Period == "slot" ? slot : slot * ScenarioLoader.SlotSeconds / 86_400);
            }

            foreach (var period in periods)
            {
                if (ContractsQueries.Period(state, id, period) is not { } p) continue;
                if (!p.Settled || p.Paid == 0) continue;
                var k = (int)Math.Clamp(p.LastSlot - _firstSlot, 0, _slots - 1);
                var (payer, payee) = p.Net > 0 ? (buyer, seller) : (seller, buyer);
                var paid = checked((long)p.Paid);
                list.Add((payer, k, paid));
                list.Add((payee, k, -paid));
            }
        }

        return list;
    }

    public SimulationResult Finish(IState state, IReadOnlyList<(ulong Id, int Seller, int Buyer, ScenarioPpa Terms)> ppas, RunFigures figures)
    {
        var balances = _households.Select(h => (long)TokensQueries.Balance(state, h.Account, Token.Watt).Total).ToArray();
        long Of(Address a) => (long)TokensQueries.Balance(state, a, Token.Watt).Total;
        // Penalties left unpaid are debts to the balancing account (a PPA period a household could not pay is a debt to the other party).
        var debts = _households.Select(h => (long)SettlementQueries.DebtToBalancing(state, h.Account)).ToArray();
        return new SimulationResult(_scenario, _households, this, PpaPayments(state, ppas), balances, debts,
            Of(SimulationRunner.Utility), Of(SimulationRunner.Dso), Of(SimulationRunner.Balancing), figures);
    }
}
