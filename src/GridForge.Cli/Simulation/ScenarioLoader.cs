using System.Globalization;
using System.Text.Json;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Cli.Simulation;

/// <summary>Reads a scenario file and checks it against the rules of docs/simulate.schema.json, each refusal naming the JSON
/// path of what is wrong (<c>$.households[3].zone: …</c>), so a bad file never reaches the runtime.</summary>
internal static class ScenarioLoader
{
    public const long SlotSeconds = 900;
    public const int MaxSlots = 35_040;
    public const int MaxHouseholds = 100_000;
    public const long MaxPrice = 9_999_990;
    public const long MaxSeriesWh = 25_000_000;
    public const long MaxPowerW = 100_000_000;
    public const int MaxNameLength = 64;

    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new CliException($"cannot read the scenario {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"cannot read the scenario {path}: {e.Message}");
        }

        return Parse(text);
    }

    public static Scenario Parse(string json)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, Scenario.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CliException($"scenario {e.Path ?? "$"}: {FirstSentence(e.Message)}");
        }

        if (scenario is null) throw new CliException("scenario $: the file holds null, not a scenario object");
        Check(scenario);
        return scenario;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Start of the first slot, Unix seconds.</summary>
    public static long StartTime(Scenario s) =>
        DateTimeOffset.Parse(s.Start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();

    private static void Fail(string path, string why) => throw new CliException($"scenario {path}: {why}");

    private static void Range(string path, long value, long min, long max)
    {
        if (value < min || value > max) Fail(path, $"{value} is out of range; allowed {min} … {max}");
    }

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static void Check(Scenario s)
    {
        if (!DateTimeOffset.TryParse(s.Start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)) Fail("$.start",
            $"'{s.Start}' is not an ISO-8601 time");
        var unix = start.ToUnixTimeSeconds();
        if (unix % SlotSeconds != 0) Fail("$.start", $"'{s.Start}' is not the start of a 15-minute slot");
        Range("$.start", unix, 86_400, 253_402_300_799 - (MaxSlots * SlotSeconds));
        Range("$.slots", s.Slots, 1, MaxSlots);
        Range("$.tariffs.retail", s.Tariffs.Retail, 0, MaxPrice);
        Range("$.tariffs.feed_in", s.Tariffs.FeedIn, 0, MaxPrice);
        if (s.Tariffs.FeedIn > s.Tariffs.Retail) Fail("$.tariffs.feed_in",
            $"the feed-in tariff {s.Tariffs.FeedIn} is above the retail tariff {s.Tariffs.Retail}");

        var zones = new HashSet<string>(StringComparer.Ordinal);
        if (s.Grid.Zones.Count == 0) Fail("$.grid.zones", "the grid has at least one zone");
        for (var i = 0; i < s.Grid.Zones.Count; i++)
        {
            var z = s.Grid.Zones[i];
            if (!ZoneNames.IsValid(z)) Fail($"$.grid.zones[{i}]",
                $"'{z}' is not a zone name (1 to {ZoneNames.MaxBytes} ASCII letters, digits, '-', '_' or '.')");
            if (!zones.Add(z)) Fail($"$.grid.zones[{i}]", $"zone '{z}' is listed twice");
        }

        Range("$.grid.local_fee", s.Grid.LocalFee, 0, 10_000_000);
        Range("$.grid.congestion_permille", s.Grid.CongestionPermille, 0, 10_000);
        var pairs = new HashSet<(string, string)>();
        for (var i = 0; i < s.Grid.Links.Count; i++)
        {
            var l = s.Grid.Links[i];
            var p = $"$.grid.links[{i}]";
            if (!zones.Contains(l.From)) Fail(p + ".from", $"the grid has no zone '{l.From}'");
            if (!zones.Contains(l.To)) Fail(p + ".to", $"the grid has no zone '{l.To}'");
            if (l.From == l.To) Fail(p, "a link joins two different zones");
            var key = string.CompareOrdinal(l.From, l.To) < 0 ? (l.From, l.To) : (l.To, l.From);
            if (!pairs.Add(key)) Fail(p, $"zones '{l.From}' and '{l.To}' are joined twice");
            Range(p + ".fee", l.Fee, 0, 10_000_000);
            Range(p + ".capacity", l.Capacity, 0, 1_000_000_000_000);
            if (l.CapacityBack is { } back) Range(p + ".capacity_back", back, 0, 1_000_000_000_000);
        }

        if (s.Market?.ImbalancePenalty is { } penalty) Range("$.market.imbalance_penalty", penalty, 0, 1_000_000_000_000);
        if (s.Forecast is { } f)
        {
            Range("$.forecast.production_error_permille", f.ProductionErrorPermille, 0, 1_000);
            Range("$.forecast.consumption_error_permille", f.ConsumptionErrorPermille, 0, 1_000);
        }

        Range("$.households", s.Households.Count, 1, MaxHouseholds);
        var names = new Dictionary<string, ScenarioHousehold>(StringComparer.Ordinal);
        for (var i = 0; i < s.Households.Count; i++)
        {
            var h = s.Households[i];
            var p = $"$.households[{i}]";
            if (!IsValidName(h.Name)) Fail(p + ".name", $"'{h.Name}' is not a household name (1 to {MaxNameLength} ASCII letters, digits, '-', '_' or '.')");
            if (!names.TryAdd(h.Name, h)) Fail(p + ".name", $"household '{h.Name}' is listed twice");
            if (!zones.Contains(h.Zone)) Fail(p + ".zone", $"the grid has no zone '{h.Zone}'");
            CheckHousehold(s, h, p);
        }

        for (var i = 0; i < s.Households.Count; i++)
        {
            var c = s.Households[i].Contract;
            for (var k = 0; c?.PreferredCounterparties is { } parties && k < parties.Count; k++)
            {
                if (!names.ContainsKey(parties[k])) Fail($"$.households[{i}].contract.preferred_counterparties[{k}]", $"no household is named '{parties[k]}'");
                if (parties[k] == s.Households[i].Name) Fail($"$.households[{i}].contract.preferred_counterparties[{k}]",
                    "a household does not buy from itself");
            }

            for (var k = 0; c?.PreferredZones is { } pz && k < pz.Count; k++)
            {
                if (!zones.Contains(pz[k])) Fail($"$.households[{i}].contract.preferred_zones[{k}]", $"the grid has no zone '{pz[k]}'");
            }
        }

        for (var i = 0; s.Ppas is { } ppas && i < ppas.Count; i++)
        {
            var ppa = ppas[i];
            var p = $"$.ppas[{i}]";
            if (!names.TryGetValue(ppa.Seller, out var seller)) Fail(p + ".seller", $"no household is named '{ppa.Seller}'");
            if (!names.ContainsKey(ppa.Buyer)) Fail(p + ".buyer", $"no household is named '{ppa.Buyer}'");
            if (ppa.Seller == ppa.Buyer) Fail(p, "a PPA is between two different households");
            if (!Produces(seller!)) Fail(p + ".seller", $"household '{ppa.Seller}' produces nothing, so it cannot sell under a PPA");
            Range(p + ".price", ppa.Price, 0, MaxPrice);
            Range(p + ".schedule_wh", ppa.ScheduleWh.Count, 1, 672);
            for (var k = 0; k < ppa.ScheduleWh.Count; k++) Range($"{p}.schedule_wh[{k}]", ppa.ScheduleWh[k], 0, 1_000_000_000);
            Range(p + ".take_or_pay_permille", ppa.TakeOrPayPermille, 0, 1_000);
            Range(p + ".shortfall_penalty", ppa.ShortfallPenalty, 0, 1_000_000_000_000);
            if (ppa.Period is not ("slot" or "day")) Fail(p + ".period", $"'{ppa.Period}' is not a period the simulation settles: slot or day");
        }
    }

    /// <summary>Whether the household has any production (generated or in its series).</summary>
    public static bool Produces(ScenarioHousehold h) =>
        (h.PvPeakW ?? 0) > 0 || (h.WindRatedW ?? 0) > 0 || (h.ProductionWh?.Any(wh => wh > 0) ?? false);

    private static void CheckHousehold(Scenario s, ScenarioHousehold h, string p)
    {
        var explicitSeries = h.ProductionWh is not null || h.ConsumptionWh is not null;
        var generated = h.PvPeakW is not null || h.WindRatedW is not null || h.AnnualLoadKwh is not null;
        if (explicitSeries && generated) Fail(p, "a household has either explicit series (production_wh, consumption_wh) or generated profiles (pv_peak_w, " +
            "wind_rated_w, annual_load_kwh), not both");
        if (explicitSeries)
        {
            if (h.ProductionWh is null) Fail(p + ".production_wh", "explicit series need production_wh beside consumption_wh");
            if (h.ConsumptionWh is null) Fail(p + ".consumption_wh", "explicit series need consumption_wh beside production_wh");
            Series(p + ".production_wh", h.ProductionWh!, s.Slots);
            Series(p + ".consumption_wh", h.ConsumptionWh!, s.Slots);
        }
        else
        {
            if (h.AnnualLoadKwh is null) Fail(p + ".annual_load_kwh",
                "a household with generated profiles states its annual load (or gives explicit series instead)");
            Range(p + ".annual_load_kwh", h.AnnualLoadKwh!.Value, 0, 1_000_000);
            Range(p + ".pv_peak_w", h.PvPeakW ?? 0, 0, MaxPowerW);
            Range(p + ".wind_rated_w", h.WindRatedW ?? 0, 0, MaxPowerW);
            // One meter measures both generators: together they stay within what a meter may be rated for.
            Range(p + ".pv_peak_w", (h.PvPeakW ?? 0) + (h.WindRatedW ?? 0), 0, MaxPowerW);
        }

        if (h.Technology is not (null or "solar" or "wind" or "other")) Fail(p + ".technology", $"'{h.Technology}' is not solar, wind or other");
        if (h.Watt is { } watt) Range(p + ".watt", watt, 0, 1_000_000_000_000_000);
        if (h.Battery is { } b)
        {
            Range(p + ".battery.capacity_wh", b.CapacityWh, 1, 1_000_000_000);
            Range(p + ".battery.power_w", b.PowerW, 1, MaxPowerW);
            Range(p + ".battery.efficiency_permille", b.EfficiencyPermille, 1, 1_000);
            Range(p + ".battery.initial_wh", b.InitialWh, 0, b.CapacityWh);
        }

        if (h.Contract is { } c)
        {
            if (c.ReserveWh is { } reserve) Range(p + ".contract.reserve_wh", reserve, 0, 1_000_000_000);
            if (c.BuyLimitWh is { } limit) Range(p + ".contract.buy_limit_wh", limit, 0, 1_000_000_000);
            if (c.FloorPrice is { } floor) Range(p + ".contract.floor_price", floor, -MaxPrice, MaxPrice);
            if (c.CeilingPrice is { } ceiling) Range(p + ".contract.ceiling_price", ceiling, -MaxPrice, MaxPrice);
            if (c.DailyBudget is { } budget) Range(p + ".contract.daily_budget", budget, 0, 1_000_000_000_000_000);
            if (c.PreferredCounterparties is { Count: > 16 }) Fail(p + ".contract.preferred_counterparties", "at most 16 preferred counterparties");
            if (c.PreferredZones is { Count: > 16 }) Fail(p + ".contract.preferred_zones", "at most 16 preferred zones");
        }
    }

    private static void Series(string path, List<long> values, int slots)
    {
        if (values.Count != slots) Fail(path, $"{values.Count} values for {slots} slots; one integer per slot");
        for (var i = 0; i < values.Count; i++) Range($"{path}[{i}]", values[i], 0, MaxSeriesWh);
    }
}
