using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace GridForge.Matching.Replay;

/// <summary>
/// Reads a grid file: <c>{"zones":[…],"local_fee":F,"congestion_permille":K,"price_limit":L,"links":[{"from","to","fee","capacity"}]}</c>,
/// links usable both ways with the same fee and capacity.
/// </summary>
public static class GridFile
{
    /// <summary>Parses and validates a grid file; on failure returns false with a sentence naming the problem.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out MarketGrid? grid, [NotNullWhen(false)] out string? error)
    {
        grid = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            error = Read(document.RootElement, out var builder);
            return error is null && builder!.TryBuild(out grid, out error);
        }
        catch (JsonException e)
        {
            error = "the grid file is not valid JSON (" + e.Message + ")";
            return false;
        }
    }

    private static string? Read(JsonElement root, out GridBuilder? builder)
    {
        builder = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the grid file must be a JSON object";
        }

        if (!root.TryGetProperty("zones", out var zones) || zones.ValueKind != JsonValueKind.Array)
        {
            return "\"zones\" must be an array of zone names";
        }

        var result = new GridBuilder();
        foreach (var zone in zones.EnumerateArray())
        {
            if (zone.ValueKind != JsonValueKind.String)
            {
                return "\"zones\" must be an array of zone names";
            }

            result.AddZone(zone.GetString()!);
        }

        var localFeeError = Integer(root, "local_fee", 0, out var localFee);
        var congestionError = Integer(root, "congestion_permille", 0, out var congestion);
        var limitError = Integer(root, "price_limit", MarketGrid.DefaultPriceLimit, out var priceLimit);
        var error = localFeeError ?? congestionError ?? limitError;
        if (error is not null)
        {
            return error;
        }

        (result.LocalFee, result.CongestionPermille, result.PriceLimit) = (localFee, congestion, priceLimit);
        if (root.TryGetProperty("links", out var links))
        {
            if (links.ValueKind != JsonValueKind.Array)
            {
                return "\"links\" must be an array";
            }

            foreach (var link in links.EnumerateArray())
            {
                if (link.ValueKind != JsonValueKind.Object
                    || !link.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.String
                    || !link.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.String)
                {
                    return "each link must be an object with string \"from\" and \"to\"";
                }

                var feeError = Integer(link, "fee", 0, out var fee);
                var capacityError = Integer(link, "capacity", null, out var capacity);
                error = feeError ?? capacityError;
                if (error is not null)
                {
                    return error;
                }

                result.AddLink(from.GetString()!, to.GetString()!, fee, capacity);
            }
        }

        builder = result;
        return null;
    }

    private static string? Integer(JsonElement parent, string name, long? fallback, out long value)
    {
        var field = IntField.Read(parent, name);
        value = field.Kind == IntFieldKind.Absent ? fallback.GetValueOrDefault() : field.Value;
        return field.Kind == IntFieldKind.Integer || (field.Kind == IntFieldKind.Absent && fallback is not null)
            ? null
            : $"\"{name}\" must be an integer";
    }
}
