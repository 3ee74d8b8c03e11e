using System.Text.Json;

namespace GridForge.Matching.Replay;

/// <summary>Turns one input line into a <see cref="ReplayCommand"/>, or names what makes it malformed.</summary>
internal static class ReplayParser
{
    public static ReplayCommand? Parse(string line, bool zoneRequired, out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            error = "not valid JSON (" + e.Message + ")";
            return null;
        }

        using (document)
        {
            return Parse(document.RootElement, zoneRequired, out error);
        }
    }

    private static ReplayCommand? Parse(JsonElement root, bool zoneRequired, out string? error)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "a line must be a JSON object";
            return null;
        }

        var type = Text(root, "type") switch
        {
            "order" => ReplayCommandType.Order,
            "cancel" => ReplayCommandType.Cancel,
            "amend" => ReplayCommandType.Amend,
            _ => (ReplayCommandType?)null,
        };
        if (type is null)
        {
            error = "\"type\" must be \"order\", \"cancel\" or \"amend\"";
            return null;
        }

        if (!root.TryGetProperty("id", out var idElement) || !ReplayName.TryRead(idElement, out var id))
        {
            error = "\"id\" must be an integer or a string";
            return null;
        }

        var price = IntField.Read(root, "price");
        var quantity = IntField.Read(root, "quantity");
        if (type != ReplayCommandType.Order)
        {
            error = null;
            return new ReplayCommand(type.Value, id, default, Side.Buy, OrderKind.LimitGtc, null, price, quantity);
        }

        error = ParseOrder(root, zoneRequired, out var account, out var side, out var kind, out var zone);
        return error is null ? new ReplayCommand(type.Value, id, account, side, kind, zone, price, quantity) : null;
    }

    private static string? ParseOrder(
        JsonElement root, bool zoneRequired, out ReplayName account, out Side side, out OrderKind kind, out string? zone)
    {
        side = default;
        kind = default;
        zone = Text(root, "zone");
        if (!root.TryGetProperty("account", out var accountElement) || !ReplayName.TryRead(accountElement, out account))
        {
            account = default;
            return "\"account\" must be an integer or a string";
        }

        switch (Text(root, "side"))
        {
            case "buy": side = Side.Buy; break;
            case "sell": side = Side.Sell; break;
            default: return "\"side\" must be \"buy\" or \"sell\"";
        }

        var orderType = Text(root, "order_type", "limit");
        var tif = Text(root, "tif");
        switch (orderType, tif)
        {
            case ("market", null or "ioc"): kind = OrderKind.Market; break;
            case ("market", _): return "a market order is always ioc (\"tif\" must be absent or \"ioc\")";
            case ("limit", null or "gtc"): kind = OrderKind.LimitGtc; break;
            case ("limit", "ioc"): kind = OrderKind.LimitIoc; break;
            case ("limit", "fok"): kind = OrderKind.LimitFok; break;
            case ("limit", _): return "\"tif\" must be \"gtc\", \"ioc\" or \"fok\"";
            default: return "\"order_type\" must be \"limit\" or \"market\"";
        }

        if (root.TryGetProperty("zone", out var zoneElement) && zoneElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return "\"zone\" must be a string";
        }

        return zone is null && zoneRequired ? "\"zone\" is required when a grid is given" : null;
    }

    /// <summary>A string property, <paramref name="fallback"/> when absent or null, and a marker that never matches when it is not a string.</summary>
    private static string? Text(JsonElement root, string name, string? fallback = null)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : "\0not a string";
    }
}
