using GridForge.Matching;

namespace GridForge.Runtime.Modules.Market;

/// <summary>Lower-case names of sides, order kinds, statuses and cancel reasons, as events, the API and the CLI write them.</summary>
public static class MarketNames
{
    public static string Name(this Side side) => side == Side.Buy ? "buy" : "sell";

    public static string Name(this OrderKind kind) => kind switch
    {
        OrderKind.LimitGtc => "gtc",
        OrderKind.LimitIoc => "ioc",
        OrderKind.LimitFok => "fok",
        _ => "market",
    };

    public static string Name(this MarketOrderStatus status) => status switch
    {
        MarketOrderStatus.Resting => "resting",
        MarketOrderStatus.Filled => "filled",
        MarketOrderStatus.Cancelled => "cancelled",
        _ => "expired",
    };

    public static string Name(this CancelReason reason) => reason switch
    {
        CancelReason.SelfTrade => "self-trade",
        CancelReason.Ioc => "ioc",
        CancelReason.User => "user",
        CancelReason.Expired => "expired",
        _ => "none",
    };

    public static bool TryParseSide(string? text, out Side side)
    {
        side = text?.Trim().ToUpperInvariant() == "SELL" ? Side.Sell : Side.Buy;
        return text?.Trim().ToUpperInvariant() is "BUY" or "SELL";
    }

    public static bool TryParseKind(string? text, out OrderKind kind)
    {
        foreach (var k in (ReadOnlySpan<OrderKind>)[OrderKind.LimitGtc, OrderKind.LimitIoc, OrderKind.LimitFok, OrderKind.Market])
        {
            if (string.Equals(k.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
