using System.Text.Json;
using CsCheck;
using GridForge.Cli.Simulation;

namespace GridForge.Cli.Tests.Simulation;

/// <summary>Issue 20's hand-computed scenarios: gsy-e's KPIs, bills to the µWATT, conservation of energy and money, determinism.</summary>
public sealed class SimulationKpiTests
{
    /// <summary>Two houses in one zone over two slots (docs/simulate.md works the same case through).</summary>
    internal static Scenario TwoHouses() => ScenarioLoader.Parse("""
        {
          "name": "two houses",
          "start": "2026-06-15T12:00:00Z",
          "slots": 2,
          "tariffs": { "retail": 300000, "feed_in": 100000 },
          "grid": { "zones": ["Z1"], "local_fee": 10000 },
          "households": [
            { "name": "sun", "zone": "Z1", "production_wh": [2000, 1000], "consumption_wh": [500, 1500],
              "contract": { "floor_price": 150000, "ceiling_price": 250000 } },
            { "name": "home", "zone": "Z1", "production_wh": [0, 0], "consumption_wh": [1000, 800],
              "contract": { "floor_price": 150000, "ceiling_price": 250000 } }
          ]
        }
        """);

    private static AreaKpis House(SimulationResult r, string name) => r.Kpis.Households.Single(h => h.Name == name);

    [Fact]
    public void TwoHouses_GiveTheHandComputedTradesKpisAndBills_ToTheMicroWatt()
    {
        var r = SimulationRunner.Run(TwoHouses());

        // Slot 0: sun offers its 1,500 Wh surplus at 150,000 and home bids for 1,000 Wh at 250,000: one trade at the resting
        // sell's price plus the local fee. Slot 1: both only need energy, nobody sells.
        var t = Assert.Single(r.Recorder.Trades);
        Assert.Equal((0, 1_000L, 1_000L, 150_000L, 10_000L, 160_000L, 150_000L), (t.K, t.Quantity, t.Delivered, t.Price, t.Fee, t.BuyerPaid, t.SellerReceived));
        Assert.Equal(10_000, t.DsoReceived);

        var sun = House(r, "sun");
        Assert.Equal((2_000L, 3_000L, 1_500L), (sun.DemandWh, sun.ProductionWh, sun.SelfConsumedWh));
        Assert.Equal(0.75, sun.SelfSufficiency);
        Assert.Equal(0.5, sun.SelfConsumption);
        Assert.Equal((500L, 500L), (sun.UtilityImportWh, sun.UtilityExportWh));
        // Received 150,000 for the trade; pays ceil(500 × 0.30) for slot 1 and gets floor(500 × 0.10) for slot 0's unsold surplus.
        Assert.Equal((0L, 150_000L, 150_000L, 50_000L), (sun.MarketPaid, sun.MarketReceived, sun.UtilityPaid, sun.UtilityReceived));
        Assert.Equal((-50_000L, 0L, 50_000L), (sun.Bill, sun.BaselineBill, sun.Savings));

        var home = House(r, "home");
        Assert.Equal((1_800L, 0L, 0L), (home.DemandWh, home.ProductionWh, home.SelfConsumedWh));
        Assert.Equal(0.0, home.SelfSufficiency);
        Assert.Null(home.SelfConsumption);
        Assert.Equal(0.555556, home.CommunitySelfSufficiency);
        Assert.Equal((160_000L, 240_000L, 400_000L, 540_000L, 140_000L), (home.MarketPaid, home.UtilityPaid, home.Bill, home.BaselineBill, home.Savings));
        Assert.Equal(160_000.0, home.AverageBuyPrice);
        Assert.Equal(10_000, home.DsoFeeRevenue);

        var c = r.Kpis.Community;
        Assert.Equal((3_800L, 3_000L, 2_500L), (c.DemandWh, c.ProductionWh, c.SelfConsumedWh));
        Assert.Equal(0.657895, c.SelfSufficiency);
        Assert.Equal(0.833333, c.SelfConsumption);
        Assert.Equal((350_000L, 540_000L, 190_000L, 10_000L), (c.Bill, c.BaselineBill, c.Savings, c.DsoFeeRevenue));
        Assert.All(r.Kpis.Checks, check => Assert.True(check.Held, $"{check.Name}: {check.Detail}"));
    }

    [Fact]
    public void AHouseWithoutProduction_HasSelfSufficiencyZero_UnlessItBuysFromNeighbours()
    {
        var alone = SimulationRunner.Run(ScenarioLoader.Parse("""
            { "start": "2026-06-15T12:00:00Z", "slots": 3, "tariffs": { "retail": 300000, "feed_in": 100000 }, "grid": { "zones": ["Z1"] },
              "households": [ { "name": "home", "zone": "Z1", "production_wh": [0, 0, 0], "consumption_wh": [400, 500, 600] } ] }
            """));
        var home = House(alone, "home");
        Assert.Equal((0.0, 0.0, 0.0), (home.SelfSufficiency, home.CommunitySelfSufficiency, alone.Kpis.Community.SelfSufficiency));
        Assert.Equal((1_500L, 450_000L, 450_000L, 0L), (home.UtilityImportWh, home.Bill, home.BaselineBill, home.Savings));

        var withNeighbour = SimulationRunner.Run(TwoHouses());
        var buyer = House(withNeighbour, "home");
        Assert.Equal(0.0, buyer.SelfSufficiency);
        Assert.True(buyer.CommunitySelfSufficiency > 0);
        Assert.True(withNeighbour.Kpis.Community.SelfSufficiency > House(withNeighbour, "sun").SelfConsumedWh / 3_800.0);
    }

    [Fact]
    public void AHouseWhoseProductionCoversItsLoadEverySlot_HasSelfSufficiencyOne()
    {
        var r = SimulationRunner.Run(ScenarioLoader.Parse("""
            { "start": "2026-06-15T12:00:00Z", "slots": 3, "tariffs": { "retail": 300000, "feed_in": 100000 }, "grid": { "zones": ["Z1"] },
              "households": [ { "name": "pv", "zone": "Z1", "production_wh": [900, 500, 700], "consumption_wh": [300, 500, 200] } ] }
            """));
        var pv = House(r, "pv");
        Assert.Equal(1.0, pv.SelfSufficiency);
        Assert.Equal(1.0, r.Kpis.Community.SelfSufficiency);
        Assert.Equal(Math.Round(1_000 / 2_100.0, 6), pv.SelfConsumption);
        // Nobody buys: the surplus goes to the utility at feed-in, exactly as in the baseline.
        Assert.Equal((1_100L, -110_000L, -110_000L), (pv.UtilityExportWh, pv.Bill, pv.BaselineBill));
    }

    [Fact]
    public void ABatteryStoresSurplus_AtItsEfficiency_AndGivesItBackIntoTheShortfall()
    {
        var b = new Battery(CapacityWh: 1_000, PowerW: 2_000, EfficiencyPermille: 900, InitialWh: 0);

        // 800 Wh surplus, 500 Wh a slot at 2 kW: charges 500, stores 450, exports 300.
        Assert.Equal(new SlotFlow(500, 0, 450, 0, 300), b.Step(0, 1_000, 200, 900));
        // 600 Wh short: gives back the 450 stored, imports 150.
        Assert.Equal(new SlotFlow(0, 450, 0, 150, 0), b.Step(450, 0, 600, 900));
        // Nearly full: room 50 Wh takes floor(50 × 1000 / 900) = 55 Wh in, stores floor(55 × 0.9) = 49.
        Assert.Equal(new SlotFlow(55, 0, 999, 0, 945), b.Step(950, 1_000, 0, 900));
    }

    [Fact]
    public void ABatteryHouse_IsMoreSelfSufficient_AndItsMeterSeesOnlyWhatTheBatteryLeaves()
    {
        const string house = """
            { "start": "2026-06-15T12:00:00Z", "slots": 2, "tariffs": { "retail": 300000, "feed_in": 100000 }, "grid": { "zones": ["Z1"] },
              "households": [ { "name": "b", "zone": "Z1", "production_wh": [1000, 0], "consumption_wh": [200, 600] BATTERY } ] }
            """;
        var without = House(SimulationRunner.Run(ScenarioLoader.Parse(house.Replace("BATTERY", ""))), "b");
        var with = House(SimulationRunner.Run(ScenarioLoader.Parse(
            house.Replace("BATTERY", """, "battery": { "capacity_wh": 1000, "power_w": 2000, "efficiency_permille": 900 }"""))), "b");

        Assert.Equal((200L, 800L, 600L), (without.SelfConsumedWh, without.ExportedWh, without.ImportedWh));
        Assert.Equal((650L, 300L, 150L, 500L, 450L), (with.SelfConsumedWh, with.ExportedWh, with.ImportedWh, with.BatteryChargedWh, with.BatteryDischargedWh));
        Assert.Equal(0.8125, with.SelfSufficiency);
        // The baseline keeps the battery behind the meter too, so the battery lowers both bills alike.
        Assert.Equal((100_000L, 15_000L), (without.Bill, with.Bill));
        Assert.Equal((without.BaselineBill, with.BaselineBill), (without.Bill, with.Bill));
    }

    [Fact]
    public void EnergyAndMoney_AreConserved_InEveryGeneratedCommunity()
    {
        Gen.Select(Gen.Int[2, 14], Gen.Long[0, 1_000_000]).Sample((households, seed) =>
        {
            var scenario = SimulateCommandScenario(households, seed, slots: 12);
            var r = SimulationRunner.Run(scenario);
            foreach (var check in r.Kpis.Checks) Assert.True(check.Held, $"{households} households, seed {seed}: {check.Name}: {check.Detail}");
            var c = r.Kpis.Community;
            // bought = sold + utility: what the households took from the grid came from neighbours or the utility.
            Assert.Equal(c.ImportedWh - c.ExportedWh, c.BoughtWh - c.SoldWh + c.UtilityImportWh - c.UtilityExportWh);
            Assert.Equal(c.BoughtWh, c.SoldWh);
            // paid = received + DSO fees (+ what the utility and the balancing account took).
            Assert.Equal(c.MarketPaid, c.MarketReceived + c.DsoFeeRevenue);
            Assert.Equal(r.Kpis.Households.Sum(h => h.Bill), c.Bill);
        }, iter: 12, threads: 1);
    }

    private static Scenario SimulateCommandScenario(int households, long seed, int slots)
    {
        var s = CommunityGenerator.Generate(households, 1, seed, "2026-03-20T06:00:00Z");
        s.Slots = slots;
        return ScenarioLoader.Parse(JsonSerializer.Serialize(s, Scenario.JsonOptions));
    }

    [Fact]
    public void TheSameScenarioAndSeed_GiveTheSameOutputs_ByteForByte()
    {
        var scenario = SimulateCommandScenario(30, 7, slots: 24);
        var a = CliRunner.TempDir();
        var b = CliRunner.TempDir();
        try
        {
            SimulationOutputs.Write(SimulationRunner.Run(scenario), a);
            SimulationOutputs.Write(SimulationRunner.Run(SimulateCommandScenario(30, 7, slots: 24)), b);
            foreach (var file in new[] { "kpis.json", "households.csv", "trades.csv", "report.html", "scenario.json" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
            }

            var other = SimulationRunner.Run(SimulateCommandScenario(30, 8, slots: 24));
            Assert.NotEqual(File.ReadAllText(Path.Combine(a, "kpis.json")), JsonSerializer.Serialize(other.Kpis, SimulationOutputs.KpiJson));
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void APpa_TradesItsScheduleAtItsPrice_AndSettlesLikeAnyTrade()
    {
        var r = SimulationRunner.Run(ScenarioLoader.Parse("""
            { "start": "2026-06-15T12:00:00Z", "slots": 2, "tariffs": { "retail": 300000, "feed_in": 100000 },
              "grid": { "zones": ["Z1", "Z2"], "local_fee": 10000, "links": [ { "from": "Z1", "to": "Z2", "fee": 20000, "capacity": 5000 } ] },
              "households": [
                { "name": "farm", "zone": "Z1", "production_wh": [3000, 3000], "consumption_wh": [0, 0], "technology": "wind",
                  "contract": { "floor_price": 250000, "reserve_wh": 1500 } },
                { "name": "shop", "zone": "Z2", "production_wh": [0, 0], "consumption_wh": [2000, 2000], "contract": { "ceiling_price": 120000 } } ],
              "ppas": [ { "seller": "farm", "buyer": "shop", "price": 90000, "schedule_wh": [1500], "period": "slot" } ] }
            """));

        Assert.Equal(2, r.Recorder.Trades.Count);
        Assert.All(r.Recorder.Trades, t => Assert.Equal((1_500L, 90_000L, 20_000L, 110_000L, 165_000L, 135_000L, 1_500L),
            (t.Delivered, t.Price, t.Fee, t.BuyerPrice, t.BuyerPaid, t.SellerReceived, t.CertifiedWh)));
        var link = r.Kpis.Links.Single(l => l.From == "Z1" && l.To == "Z2");
        Assert.Equal((3_000L, 2, 20_000L, 20_000L), (link.DeliveredWh, link.Trades, link.FeeMin!.Value, link.FeeMax!.Value));
        Assert.All(r.Kpis.Checks, check => Assert.True(check.Held, $"{check.Name}: {check.Detail}"));
    }
}
