using System.Globalization;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Market;

namespace GridForge.Cli.Simulation;

/// <summary>A finished run: the households' series, what the market and the utility did for them, the ledger's final balances, and
/// the KPIs computed from them (docs/simulate.md gives every definition).</summary>
internal sealed class SimulationResult
{
    public SimulationResult(Scenario scenario, SimHousehold[] households, SimulationRecorder recorder,
        List<(int Household, int K, long Amount)> contractPayments,
        long[] balances, long[] debts, long utilityBalance, long dsoBalance, long balancingBalance, RunFigures figures)
    {
        Scenario = scenario;
        Households = households;
        Recorder = recorder;
        Figures = figures;
        FirstSlot = ScenarioLoader.StartTime(scenario) / ScenarioLoader.SlotSeconds;
        ContractPaid = new long[households.Length * scenario.Slots];
        foreach (var (h, k, amount) in contractPayments) ContractPaid[recorder.Cell(h, k)] += amount;
        Kpis = Compute(balances, debts, utilityBalance, dsoBalance, balancingBalance);
    }

    public Scenario Scenario { get; }
    public SimHousehold[] Households { get; }
    public SimulationRecorder Recorder { get; }
    public RunFigures Figures { get; }
    public long FirstSlot { get; }

    /// <summary>Per household and slot: what PPA settlement periods netted (paid positive), at the period's last slot.</summary>
    public long[] ContractPaid { get; }

    public KpiReport Kpis { get; }

    public string SlotStart(int k) =>
        DateTimeOffset.FromUnixTimeSeconds((FirstSlot + k) * ScenarioLoader.SlotSeconds).UtcDateTime
            .ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A household's sums over the run, before they become KPIs.</summary>
    private sealed class Sums
    {
        public long Demand, Production, Imported, Exported, Charged, Discharged, Bought, Sold, BoughtTraded, SoldTraded, UtilityImport, UtilityExport;
        public long Paid, Received, UtilityPaid, UtilityReceived, Penalties, PenaltiesPaid, ContractNet, Baseline, DsoFees, Certified;
        public long LocalFromZone, LocalFromCommunity;

        public long BehindMeter => Demand - Imported;

        public long Bill => Paid - Received + Penalties + UtilityPaid - UtilityReceived + ContractNet;

        public void Add(Sums o)
        {
            Demand += o.Demand; Production += o.Production; Imported += o.Imported; Exported += o.Exported; Charged += o.Charged; Discharged += o.Discharged;
            Bought += o.Bought; Sold += o.Sold; BoughtTraded += o.BoughtTraded; SoldTraded += o.SoldTraded; UtilityImport += o.UtilityImport;
            UtilityExport += o.UtilityExport; Paid += o.Paid; Received += o.Received; UtilityPaid += o.UtilityPaid; UtilityReceived += o.UtilityReceived;
            Penalties += o.Penalties; PenaltiesPaid += o.PenaltiesPaid; ContractNet += o.ContractNet; Baseline += o.Baseline; DsoFees += o.DsoFees;
            Certified += o.Certified; LocalFromZone += o.LocalFromZone; LocalFromCommunity += o.LocalFromCommunity;
        }
    }

    private static double? Ratio(long a, long b) => b == 0 ? null : Math.Round((double)a / b, 6);

    private static double? PerKwh(long money, long wh) => wh == 0 ? null : Math.Round(money * 1000.0 / wh, 1);

    private static AreaKpis Area(string name, string? zone, int count, Sums s, long selfConsumed, double? communitySs) => new()
    {
        Name = name,
        Zone = zone,
        Households = count,
        DemandWh = s.Demand,
        ProductionWh = s.Production,
        SelfConsumedWh = selfConsumed,
        SelfSufficiency = Ratio(selfConsumed, s.Demand),
        SelfConsumption = Ratio(selfConsumed, s.Production),
        CommunitySelfSufficiency = communitySs,
        ImportedWh = s.Imported,
        ExportedWh = s.Exported,
        BatteryChargedWh = s.Charged,
        BatteryDischargedWh = s.Discharged,
        BoughtWh = s.Bought,
        SoldWh = s.Sold,
        BoughtTradedWh = s.BoughtTraded,
        SoldTradedWh = s.SoldTraded,
        UtilityImportWh = s.UtilityImport,
        UtilityExportWh = s.UtilityExport,
        MarketPaid = s.Paid,
        MarketReceived = s.Received,
        UtilityPaid = s.UtilityPaid,
        UtilityReceived = s.UtilityReceived,
        Penalties = s.Penalties,
        PenaltiesUnpaid = s.Penalties - s.PenaltiesPaid,
        ContractNet = s.ContractNet,
        Bill = s.Bill,
        BaselineBill = s.Baseline,
        Savings = s.Baseline - s.Bill,
        AverageBuyPrice = PerKwh(s.Paid, s.Bought),
        AverageSellPrice = PerKwh(s.Received, s.Sold),
        DsoFeeRevenue = s.DsoFees,
        CertifiedWh = s.Certified,
    };

    private KpiReport Compute(long[] balances, long[] debts, long utilityBalance, long dsoBalance, long balancingBalance)
    {
        var n = Households.Length;
        var slots = Scenario.Slots;
        var r = Recorder;
        var sums = new Sums[n];
        var retail = Scenario.Tariffs.Retail;
        var feedIn = Scenario.Tariffs.FeedIn;
        var energyHeld = true;
        for (var h = 0; h < n; h++)
        {
            var s = sums[h] = new Sums();
            var hh = Households[h];
            for (var k = 0; k < slots; k++)
            {
                var c = r.Cell(h, k);
                var f = hh.Flows[k];
                s.Demand += hh.Consumption[k];
                s.Production += hh.Production[k];
                s.Imported += f.ImportWh;
                s.Exported += f.ExportWh;
                s.Charged += f.ChargeWh;
                s.Discharged += f.DischargeWh;
                s.Bought += r.Bought[c];
                s.Sold += r.Sold[c];
                s.UtilityImport += r.UtilityImport[c];
                s.UtilityExport += r.UtilityExport[c];
                s.Paid += r.Paid[c];
                s.Received += r.Received[c];
                s.UtilityPaid += r.UtilityCost[c];
                s.UtilityReceived += r.UtilityRevenue[c];
                s.Penalties += r.Penalty[c];
                s.ContractNet += ContractPaid[c];
                s.Baseline += Escrow.Ceil(new Wh(f.ImportWh), new PricePerKwh(retail))
                    - Escrow.Floor(new Wh(f.ExportWh), new PricePerKwh(feedIn));
                // Energy: what the meter saw is what the market and the utility supplied and took.
                energyHeld &= f.ImportWh - f.ExportWh == r.Bought[c] - r.Sold[c] + r.UtilityImport[c] - r.UtilityExport[c];
            }
        }

        foreach (var t in r.Trades)
        {
            var b = sums[t.Buyer];
            b.BoughtTraded += t.Quantity;
            b.DsoFees += t.DsoReceived;
            b.Certified += t.CertifiedWh;
            b.LocalFromCommunity += t.ConsumedWh;
            if (Households[t.Buyer].Zone == Households[t.Seller].Zone) b.LocalFromZone += t.ConsumedWh;
            sums[t.Seller].SoldTraded += t.Quantity;
            sums[t.Seller].PenaltiesPaid += t.PenaltyPaid;
        }

        var households = new List<AreaKpis>(n);
        for (var h = 0; h < n; h++)
        {
            var s = sums[h];
            households.Add(Area(Households[h].Name, Households[h].Zone.Name, 1, s, s.BehindMeter, Ratio(s.BehindMeter + s.LocalFromCommunity, s.Demand)));
        }

        var zones = new List<AreaKpis>();
        foreach (var zone in Scenario.Grid.Zones)
        {
            var z = new Sums();
            long self = 0;
            var count = 0;
            for (var h = 0; h < n; h++)
            {
                if (Households[h].Zone.Name != zone) continue;
                z.Add(sums[h]);
                self += sums[h].BehindMeter + sums[h].LocalFromZone;
                count++;
            }

            zones.Add(Area(zone, zone, count, z, self, null));
        }

        var all = new Sums();
        long communitySelf = 0;
        foreach (var s in sums)
        {
            all.Add(s);
            communitySelf += s.BehindMeter + s.LocalFromCommunity;
        }

        var community = Area("community", null, n, all, communitySelf, null);
        var checks = Checks(sums, all, balances, debts, utilityBalance, dsoBalance, balancingBalance, energyHeld);
        return new KpiReport(
            new { Scenario.Name, Scenario.Start, Scenario.Slots, Scenario.Seed, Households = n, Zones = Scenario.Grid.Zones.Count, Scenario.Tariffs.Retail,
                Scenario.Tariffs.FeedIn },
            new
            {
                // No timings: kpis.json is the same for the same scenario and seed (the console prints them).
                Figures.Blocks, Figures.Transactions, Figures.Readings, Trades = r.Trades.Count, Figures.RefusedActions, Refused = Figures.Refused,
            },
            community, zones, households, LinkKpis(), SlotKpis(), checks);
    }

    private List<KpiCheck> Checks(Sums[] sums, Sums all, long[] balances, long[] debts, long utilityBalance, long dsoBalance, long balancingBalance,
        bool energyHeld)
    {
        var checks = new List<KpiCheck>
        {
            new("energy: bought = sold (market Wh delivered)", all.Bought == all.Sold, $"{all.Bought} = {all.Sold} Wh"),
            new("energy: every household's import − export = market bought − sold + utility import − export, every slot", energyHeld,
                $"{all.Imported} − {all.Exported} = {all.Bought} − {all.Sold} + {all.UtilityImport} − {all.UtilityExport} Wh"),
            new("money: market paid = received + DSO fees", all.Paid == all.Received + all.DsoFees, $"{all.Paid} = {all.Received} + {all.DsoFees} µWATT"),
        };
        var ledgerHeld = true;
        var firstMiss = "";
        for (var h = 0; h < sums.Length; h++)
        {
            // On chain a penalty the seller could not pay is a debt, not a payment.
            var expected = Households[h].Watt - (sums[h].Bill - (sums[h].Penalties - sums[h].PenaltiesPaid));
            if (balances[h] != expected || debts[h] != sums[h].Penalties - sums[h].PenaltiesPaid)
            {
                if (ledgerHeld) firstMiss = $"; {Households[h].Name}: ledger {balances[h]}, bill says {expected}";
                ledgerHeld = false;
            }
        }

        checks.Add(new("money: every household's WATT on chain moved by exactly its bill", ledgerHeld, $"{sums.Length} households{firstMiss}"));
        var utilityStart = (long)Math.Max(Households.Sum(h => (decimal)h.Watt), 1_000_000_000m);
        checks.Add(new("money: the utility's WATT on chain moved by its sales − purchases",
            utilityBalance - utilityStart == all.UtilityPaid - all.UtilityReceived,
            $"{utilityBalance - utilityStart} = {all.UtilityPaid} − {all.UtilityReceived} µWATT"));
        checks.Add(new("money: the DSO's WATT on chain = grid fee revenue", dsoBalance == all.DsoFees, $"{dsoBalance} = {all.DsoFees} µWATT"));
        checks.Add(new("money: the balancing account's WATT = penalties paid", balancingBalance == all.PenaltiesPaid,
            $"{balancingBalance} = {all.PenaltiesPaid} µWATT"));
        var householdsMoved = balances.Sum() - Households.Sum(h => h.Watt);
        var total = householdsMoved + (utilityBalance - utilityStart) + dsoBalance + balancingBalance;
        checks.Add(new("money: households paid = households received + DSO fees + utility + penalties (the ledger sums to zero)", total == 0,
            $"households {householdsMoved} + utility {utilityBalance - utilityStart} + DSO {dsoBalance} + balancing {balancingBalance} = {total} µWATT"));
        return checks;
    }

    private List<LinkKpis> LinkKpis()
    {
        var r = Recorder;
        var list = new List<LinkKpis>();
        for (var p = 0; p < r.Links.Count; p++)
        {
            var link = r.Links[p];
            foreach (var forward in new[] { true, false })
            {
                var from = forward ? link.From.Name : link.To.Name;
                var to = forward ? link.To.Name : link.From.Name;
                var capacity = forward ? link.ForwardCapacity : link.BackwardCapacity;
                var full = 0;
                double max = 0;
                for (var k = 0; k < Scenario.Slots; k++)
                {
                    var flow = forward ? r.LinkFlows[k][p] : -r.LinkFlows[k][p];
                    if (capacity > 0 && flow >= capacity) full++;
                    if (capacity > 0) max = Math.Max(max, (double)Math.Max(0, flow) / capacity);
                }

                var trades = r.Trades.Where(t => t.SellZone == from && t.BuyZone == to).ToList();
                list.Add(new LinkKpis(from, to, capacity, trades.Sum(t => t.Quantity), trades.Sum(t => t.Delivered), trades.Count, full,
                    full * ScenarioLoader.SlotSeconds / 3600.0, Math.Round(max, 6), trades.Count == 0 ? null : trades.Min(t => t.Fee), trades.Count == 0 ? null
                        : trades.Max(t => t.Fee)));
            }
        }

        return list;
    }

    private List<SlotKpis> SlotKpis()
    {
        var r = Recorder;
        var byK = r.Trades.GroupBy(t => t.K).ToDictionary(g => g.Key, g => g.ToList());
        var list = new List<SlotKpis>(Scenario.Slots);
        for (var k = 0; k < Scenario.Slots; k++)
        {
            long demand = 0, production = 0, btm = 0, local = 0, utility = 0, utilityExport = 0;
            for (var h = 0; h < Households.Length; h++)
            {
                var c = r.Cell(h, k);
                var f = Households[h].Flows[k];
                demand += Households[h].Consumption[k];
                production += Households[h].Production[k];
                btm += Households[h].Consumption[k] - f.ImportWh;
                local += r.ConsumedLocal[c];
                utility += f.ImportWh - r.ConsumedLocal[c];
                utilityExport += r.UtilityExport[c];
            }

            var trades = byK.GetValueOrDefault(k) ?? [];
            var traded = trades.Sum(t => t.Quantity);
            list.Add(new SlotKpis(FirstSlot + k, SlotStart(k), trades.Count, traded, trades.Sum(t => t.Delivered),
                traded == 0 ? null : Math.Round(trades.Sum(t => (double)t.BuyerPrice * t.Quantity) / traded, 1),
                traded == 0 ? null : Math.Round(trades.Sum(t => (double)t.SellerPrice * t.Quantity) / traded, 1),
                trades.Count == 0 ? null : trades.Min(t => t.BuyerPrice), trades.Count == 0 ? null : trades.Max(t => t.BuyerPrice),
                demand, production, btm, local, utility, utilityExport));
        }

        return list;
    }
}
