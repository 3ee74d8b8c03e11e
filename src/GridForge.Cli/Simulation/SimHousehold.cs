using System.Buffers.Binary;
using System.Text;
using GridForge.Cli.Community.Profiles;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Simulation;

/// <summary>A household as the simulation runs it: its account and meter (derived from its name, no keys: nobody signs), its
/// production and consumption in every slot, what its battery and its meter make of them, the forecasts its trading rule acts
/// on, and the rule's terms.</summary>
internal sealed class SimHousehold
{
    /// <summary>A household without generation is metered on a 3-phase 16 A connection (as in the dev community).</summary>
    public const long ConnectionW = 11_000;

    /// <summary>WATT a household holds at the start unless the scenario says otherwise: 1,000 WATT.</summary>
    public const long DefaultWatt = 1_000_000_000;

    public required int Index { get; init; }
    public required string Name { get; init; }
    public required ZoneId Zone { get; init; }
    public required Address Account { get; init; }
    public required MeterId Meter { get; init; }
    public required MeterKind MeterKind { get; init; }
    public required MeterTechnology Technology { get; init; }
    public required long RatedPowerW { get; init; }
    public required Battery? Battery { get; init; }
    public required ResidentialTerms Terms { get; init; }
    public required long Watt { get; init; }

    public required long[] Production { get; init; }
    public required long[] Consumption { get; init; }
    public required SlotFlow[] Flows { get; init; }

    /// <summary>What the household tells its rule to expect at its meter in each slot (export, import).</summary>
    public required (long Export, long Import)[] Forecasts { get; init; }

    public static Address AccountOf(long seed, string name) => new(Hashing.Domain("gridforge simulate account", Key(seed, name)));

    public static MeterId MeterOf(long seed, string name) => new(Hashing.Domain("gridforge simulate meter", Key(seed, name)));

    /// <summary>The seed of the household's generated profiles: the first 8 bytes (little-endian) of SHA-256("gridforge
    /// simulate profile" 0x00 ‖ seed ‖ name).</summary>
    public static ulong ProfileSeed(long seed, string name) =>
        BinaryPrimitives.ReadUInt64LittleEndian(Hashing.Domain("gridforge simulate profile", Key(seed, name)).ToArray());

    private static byte[] Key(long seed, string name)
    {
        var bytes = new byte[8 + Encoding.UTF8.GetByteCount(name)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, seed);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(8));
        return bytes;
    }

    /// <summary>Plans every household of a (checked) scenario.</summary>
    public static SimHousehold[] Plan(Scenario s)
    {
        var firstSlot = ScenarioLoader.StartTime(s) / ScenarioLoader.SlotSeconds;
        var result = new SimHousehold[s.Households.Count];
        var accounts = s.Households.ToDictionary(h => h.Name, h => AccountOf(s.Seed, h.Name), StringComparer.Ordinal);
        Parallel.For(0, result.Length, i => result[i] = PlanOne(s, i, firstSlot, accounts));
        return result;
    }

    private static SimHousehold PlanOne(Scenario s, int index, long firstSlot, Dictionary<string, Address> accounts)
    {
        var h = s.Households[index];
        var seed = ProfileSeed(s.Seed, h.Name);
        var slots = s.Slots;
        var len = ScenarioLoader.SlotSeconds;
        var generation = (h.PvPeakW ?? 0) + (h.WindRatedW ?? 0);
        var production = new long[slots];
        var consumption = new long[slots];
        if (h.ProductionWh is not null)
        {
            h.ProductionWh.CopyTo(production);
            h.ConsumptionWh!.CopyTo(consumption);
        }

        // The meter's rated power covers what it must measure: the connection, the generators, the largest slot of a series.
        var seriesMaxW = h.ProductionWh is null ? 0 : Math.Max(h.ProductionWh.Max(), h.ConsumptionWh!.Max()) * 3_600 / len;
        var rated = Math.Max(ConnectionW, Math.Max(generation, seriesMaxW));
        var maxWh = rated * len / 3_600;
        if (h.ProductionWh is null)
        {
            for (var k = 0; k < slots; k++)
            {
                var slot = firstSlot + k;
                var pv = h.PvPeakW is > 0 ? SolarProfile.Wh(seed, h.PvPeakW.Value, slot, len) : 0;
                var wind = h.WindRatedW is > 0 ? WindProfile.Wh(seed, h.WindRatedW.Value, slot, len) : 0;
                production[k] = pv + wind;
                consumption[k] = h.AnnualLoadKwh > 0 ? LoadProfile.Wh(seed, h.AnnualLoadKwh.Value, slot, len, maxWh) : 0;
            }
        }

        Battery? battery = h.Battery is { } b ? new Battery(b.CapacityWh, b.PowerW, b.EfficiencyPermille, b.InitialWh) : null;
        var flows = new SlotFlow[slots];
        var forecasts = new (long, long)[slots];
        var productionError = s.Forecast?.ProductionErrorPermille ?? 0;
        var consumptionError = s.Forecast?.ConsumptionErrorPermille ?? 0;
        var state = battery?.InitialWh ?? 0;
        for (var k = 0; k < slots; k++)
        {
            var slot = firstSlot + k;
            // The forecast misses production and consumption by a deterministic error, then goes through the same battery.
            var p = productionError == 0 ? production[k]
                : Math.Clamp(production[k] * (1000 + ProfileNoise.Signed(seed, slot, ProfileNoise.ForecastProduction, productionError)) / 1000, 0, maxWh);
            var c = consumptionError == 0 ? consumption[k]
                : Math.Clamp(consumption[k] * (1000 + ProfileNoise.Signed(seed, slot, ProfileNoise.ForecastLoad, consumptionError)) / 1000, 0, maxWh);
            var forecast = battery is { } fb ? fb.Step(state, p, c, len) : SlotFlow.Net(p, c);
            forecasts[k] = (forecast.ExportWh, forecast.ImportWh);
            flows[k] = battery is { } ab ? ab.Step(state, production[k], consumption[k], len) : SlotFlow.Net(production[k], consumption[k]);
            state = flows[k].StateWh;
        }

        var produces = ScenarioLoader.Produces(h);
        var technology = h.Technology switch
        {
            "wind" => MeterTechnology.Wind,
            "other" => MeterTechnology.Other,
            "solar" => MeterTechnology.Solar,
            _ when !produces => MeterTechnology.Grid,
            _ when (h.WindRatedW ?? 0) > (h.PvPeakW ?? 0) => MeterTechnology.Wind,
            _ => MeterTechnology.Solar,
        };
        return new SimHousehold
        {
            Index = index,
            Name = h.Name,
            Zone = new ZoneId(h.Zone),
            Account = accounts[h.Name],
            Meter = MeterOf(s.Seed, h.Name),
            MeterKind = produces ? MeterKind.Both : MeterKind.Consumption,
            Technology = technology,
            RatedPowerW = rated,
            Battery = battery,
            Terms = TermsOf(s, h, accounts),
            Watt = h.Watt ?? DefaultWatt,
            Production = production,
            Consumption = consumption,
            Flows = flows,
            Forecasts = forecasts,
        };
    }

    /// <summary>The household's residential rule: the scenario's terms, and for what it leaves out the defaults of
    /// docs/simulate.md: sell the whole surplus at the feed-in tariff plus a fifth of the spread, buy the whole shortfall at the
    /// retail tariff minus a fifth of the spread (all-in), no reserve, no budget.</summary>
    private static ResidentialTerms TermsOf(Scenario s, ScenarioHousehold h, Dictionary<string, Address> accounts)
    {
        var spread = s.Tariffs.Retail - s.Tariffs.FeedIn;
        var c = h.Contract ?? new ScenarioContract();
        return new ResidentialTerms(
            new ZoneId(h.Zone),
            ReserveWh: new Wh(c.ReserveWh ?? 0),
            FloorPrice: new PricePerKwh(c.FloorPrice ?? s.Tariffs.FeedIn + (spread / 5)),
            BuyLimitWh: new Wh(c.BuyLimitWh ?? 1_000_000),
            CeilingPrice: new PricePerKwh(c.CeilingPrice ?? s.Tariffs.Retail - (spread / 5)),
            DailyBudget: (ulong)(c.DailyBudget ?? 0),
            GreenOnly: c.GreenOnly ?? false,
            PreferredCounterparties: [.. (c.PreferredCounterparties ?? []).Select(n => accounts[n])],
            PreferredZones: [.. (c.PreferredZones ?? []).Select(z => new ZoneId(z))]);
    }
}
