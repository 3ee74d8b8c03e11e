using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Cli.Simulation;

/// <summary>A simulation scenario (docs/simulate.md, schema docs/simulate.schema.json): the grid, the tariffs, the time span
/// and the households, each with generated profiles or explicit series, and optional PPAs between them.</summary>
internal sealed class Scenario
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Start of the first slot, ISO-8601 UTC, on a 15-minute boundary.</summary>
    [JsonPropertyName("start")]
    public required string Start { get; set; }

    [JsonPropertyName("slots")]
    public required int Slots { get; set; }

    /// <summary>Seeds the generated profiles and the forecast errors; the same scenario and seed give the same results.</summary>
    [JsonPropertyName("seed")]
    public long Seed { get; set; }

    [JsonPropertyName("tariffs")]
    public required ScenarioTariffs Tariffs { get; set; }

    /// <summary>The DSO's grid: the genesis <c>grid</c> section itself (zones, local fee, congestion factor, links).</summary>
    [JsonPropertyName("grid")]
    public required GridGenesis Grid { get; set; }

    [JsonPropertyName("market")]
    public ScenarioMarket? Market { get; set; }

    [JsonPropertyName("forecast")]
    public ScenarioForecast? Forecast { get; set; }

    [JsonPropertyName("households")]
    public required List<ScenarioHousehold> Households { get; set; }

    [JsonPropertyName("ppas")]
    public List<ScenarioPpa>? Ppas { get; set; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };
}

/// <summary>The utility's tariffs, µWATT/kWh: what a household pays for residual demand and gets for residual surplus.</summary>
internal sealed class ScenarioTariffs
{
    [JsonPropertyName("retail")]
    public required long Retail { get; set; }

    [JsonPropertyName("feed_in")]
    public required long FeedIn { get; set; }
}

/// <summary>Market parameters the scenario may set (the chain's defaults otherwise).</summary>
internal sealed class ScenarioMarket
{
    /// <summary>µWATT per kWh a seller pays for energy it sold but did not deliver (<c>settlement.imbalance_penalty</c>).</summary>
    [JsonPropertyName("imbalance_penalty")]
    public long? ImbalancePenalty { get; set; }
}

/// <summary>How far the households' forecasts (what their trading rules act on) miss what their meters then see, ‰ each way.</summary>
internal sealed class ScenarioForecast
{
    [JsonPropertyName("production_error_permille")]
    public long ProductionErrorPermille { get; set; }

    [JsonPropertyName("consumption_error_permille")]
    public long ConsumptionErrorPermille { get; set; }
}

/// <summary>A household: generated profiles (PV, wind, annual load, battery) or explicit series, and its trading rule's terms.</summary>
internal sealed class ScenarioHousehold
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }

    [JsonPropertyName("zone")]
    public required string Zone { get; set; }

    [JsonPropertyName("pv_peak_w")]
    public long? PvPeakW { get; set; }

    [JsonPropertyName("wind_rated_w")]
    public long? WindRatedW { get; set; }

    [JsonPropertyName("annual_load_kwh")]
    public long? AnnualLoadKwh { get; set; }

    [JsonPropertyName("production_wh")]
    public List<long>? ProductionWh { get; set; }

    [JsonPropertyName("consumption_wh")]
    public List<long>? ConsumptionWh { get; set; }

    /// <summary><c>solar</c>, <c>wind</c> or <c>other</c>: what its production meter is registered as (certificates follow it).</summary>
    [JsonPropertyName("technology")]
    public string? Technology { get; set; }

    [JsonPropertyName("battery")]
    public ScenarioBattery? Battery { get; set; }

    [JsonPropertyName("contract")]
    public ScenarioContract? Contract { get; set; }

    /// <summary>WATT the household holds at the start, µWATT.</summary>
    [JsonPropertyName("watt")]
    public long? Watt { get; set; }
}

internal sealed class ScenarioBattery
{
    [JsonPropertyName("capacity_wh")]
    public required long CapacityWh { get; set; }

    [JsonPropertyName("power_w")]
    public required long PowerW { get; set; }

    [JsonPropertyName("efficiency_permille")]
    public long EfficiencyPermille { get; set; } = 900;

    [JsonPropertyName("initial_wh")]
    public long InitialWh { get; set; }
}

/// <summary>Terms of the household's residential trading rule; what is left out takes the defaults of docs/simulate.md.</summary>
internal sealed class ScenarioContract
{
    [JsonPropertyName("reserve_wh")]
    public long? ReserveWh { get; set; }

    [JsonPropertyName("floor_price")]
    public long? FloorPrice { get; set; }

    [JsonPropertyName("ceiling_price")]
    public long? CeilingPrice { get; set; }

    [JsonPropertyName("buy_limit_wh")]
    public long? BuyLimitWh { get; set; }

    [JsonPropertyName("daily_budget")]
    public long? DailyBudget { get; set; }

    [JsonPropertyName("green_only")]
    public bool? GreenOnly { get; set; }

    [JsonPropertyName("preferred_counterparties")]
    public List<string>? PreferredCounterparties { get; set; }

    [JsonPropertyName("preferred_zones")]
    public List<string>? PreferredZones { get; set; }
}

/// <summary>A commercial PPA between two households (DESIGN §6): the seller creates it, the buyer accepts it before it starts.</summary>
internal sealed class ScenarioPpa
{
    [JsonPropertyName("seller")]
    public required string Seller { get; set; }

    [JsonPropertyName("buyer")]
    public required string Buyer { get; set; }

    [JsonPropertyName("price")]
    public required long Price { get; set; }

    [JsonPropertyName("schedule_wh")]
    public required List<long> ScheduleWh { get; set; }

    [JsonPropertyName("take_or_pay_permille")]
    public long TakeOrPayPermille { get; set; }

    [JsonPropertyName("shortfall_penalty")]
    public long ShortfallPenalty { get; set; }

    /// <summary><c>slot</c> or <c>day</c>.</summary>
    [JsonPropertyName("period")]
    public string Period { get; set; } = "day";
}
