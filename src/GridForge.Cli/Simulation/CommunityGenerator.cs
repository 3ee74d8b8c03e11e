using System.Globalization;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Cli.Simulation;

/// <summary>A generated community (<c>gridforge simulate --households N --days D --seed S</c>), made like the dev community
/// (docs/community.md): households solar, consumer, wind, solar, consumer in turn, every third solar one with a battery, sized
/// from each household's profile seed, spread over feeder zones joined in a ring. The result is an ordinary scenario (written
/// beside the outputs as <c>scenario.json</c>), so a generated run can be repeated or edited as a file.</summary>
internal static class CommunityGenerator
{
    public const long Retail = 300_000;
    public const long FeedIn = 80_000;
    public const string DefaultStart = "2026-06-15T00:00:00Z";

    public static Scenario Generate(int households, int days, long seed, string? start = null)
    {
        if (households < 1 || households > ScenarioLoader.MaxHouseholds) throw new CliException($"--households is 1 to {ScenarioLoader.MaxHouseholds:N0}");
        if (days < 1 || days * 96 > ScenarioLoader.MaxSlots) throw new CliException($"--days is 1 to {ScenarioLoader.MaxSlots / 96}");

        // Feeder zones of about 250 households, at least 3 (so links matter), at most 12.
        var zoneCount = Math.Min(households, Math.Clamp((households + 249) / 250, 3, 12));
        var zones = Enumerable.Range(1, zoneCount).Select(z => "Z" + z.ToString(CultureInfo.InvariantCulture)).ToList();
        var perZone = Math.Max(1, households / zoneCount);
        var links = new List<GridGenesisLink>();
        for (var z = 0; zoneCount > 1 && z < zoneCount; z++)
        {
            if (zoneCount == 2 && z == 1) break;
            // A ring of feeders; each link carries about 150 Wh per household of a zone in a slot, so busy slots congest it.
            links.Add(new GridGenesisLink { From = zones[z], To = zones[(z + 1) % zoneCount], Fee = 10_000, Capacity = 150L * perZone });
        }

        var spread = Retail - FeedIn;
        var list = new List<ScenarioHousehold>(households);
        var solarCount = 0;
        for (var i = 0; i < households; i++)
        {
            var name = "h" + (i + 1).ToString("D5", CultureInfo.InvariantCulture);
            var hseed = SimHousehold.ProfileSeed(seed, name);
            var kind = (i % 5) switch { 0 or 3 => "solar", 2 => "wind", _ => "consumer" };
            var h = new ScenarioHousehold
            {
                Name = name,
                Zone = zones[i % zoneCount],
                AnnualLoadKwh = 2_000 + ((long)((hseed >> 16) % 31) * 100),
                Contract = new ScenarioContract
                {
                    // Sellers ask 10–30% of the spread above feed-in; buyers bid 10–30% of it below retail (all-in).
                    FloorPrice = FeedIn + (spread * (100 + (long)((hseed >> 24) % 201)) / 1000),
                    CeilingPrice = Retail - (spread * (100 + (long)((hseed >> 32) % 201)) / 1000),
                },
            };
            if (kind == "solar")
            {
                h.PvPeakW = 3_000 + ((long)(hseed % 13) * 500);
                if (solarCount++ % 3 == 0)
                {
                    h.Battery = new ScenarioBattery { CapacityWh = 5_000 + ((long)((hseed >> 40) % 18) * 500), PowerW = 3_000
                        + ((long)((hseed >> 48) % 5) * 500), EfficiencyPermille = 900 };
                }
            }
            else if (kind == "wind")
            {
                h.WindRatedW = 3_000 + ((long)(hseed % 15) * 500);
            }

            list.Add(h);
        }

        return new Scenario
        {
            Name = $"generated community: {households:N0} households, {days} day(s), seed {seed}",
            Start = start ?? DefaultStart,
            Slots = days * 96,
            Seed = seed,
            Tariffs = new ScenarioTariffs { Retail = Retail, FeedIn = FeedIn },
            Grid = new GridGenesis { Zones = zones, LocalFee = 5_000, CongestionPermille = 500, Links = links },
            Forecast = new ScenarioForecast { ProductionErrorPermille = 200, ConsumptionErrorPermille = 150 },
            Households = list,
        };
    }
}
