namespace GridForge.Matching.Tests.Model;

/// <summary>Test-data builders: <c>Orders.Buy(3, price: 105, quantity: 5, zone: 1)</c>; the account defaults to the id, so orders never self-trade unless asked
/// to.</summary>
public static class Orders
{
    public static OrderRequest Buy(long id, long price, long quantity, int zone = 0, long? account = null, OrderKind kind = OrderKind.LimitGtc) =>
        new(new OrderId(id), new AccountId(account ?? id), Side.Buy, kind, new ZoneIndex(zone), price, quantity);

    public static OrderRequest Sell(long id, long price, long quantity, int zone = 0, long? account = null, OrderKind kind = OrderKind.LimitGtc) =>
        new(new OrderId(id), new AccountId(account ?? id), Side.Sell, kind, new ZoneIndex(zone), price, quantity);

    public static (long Buy, long Sell, long Price, long Quantity, long Fee)[] Trades(this IEnumerable<MatchEvent> events) =>
        events.Where(e => e.Kind == MatchEventKind.Trade).Select(e => (e.BuyId.Value, e.SellId.Value, e.Price, e.Quantity, e.Fee)).ToArray();

    public static (long Id, CancelReason Reason, long Quantity)[] Cancels(this IEnumerable<MatchEvent> events) =>
        events.Where(e => e.Kind == MatchEventKind.Cancelled).Select(e => (e.Id.Value, e.Reason, e.Quantity)).ToArray();

    public static RejectCode Rejection(this IEnumerable<MatchEvent> events) =>
        events.Where(e => e.Kind == MatchEventKind.Rejected).Select(e => e.Code).SingleOrDefault();

    public static long[] Ids(this IEnumerable<RestingOrder> orders) => orders.Select(o => o.Id.Value).ToArray();
}
