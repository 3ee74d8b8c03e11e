namespace GridForge.Matching.Replay;

/// <summary>Maps the input's ids and accounts to the engine's numbers, and order ids back to their JSON text.</summary>
internal sealed class ReplayNames
{
    private readonly Dictionary<string, long> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> accounts = new(StringComparer.Ordinal);
    private readonly List<string> orderJson = [];

    public OrderId Order(ReplayName name)
    {
        if (!orders.TryGetValue(name.Key, out var id))
        {
            id = orderJson.Count;
            orders.Add(name.Key, id);
            orderJson.Add(name.Json);
        }

        return new OrderId(id);
    }

    public AccountId Account(ReplayName name)
    {
        if (!accounts.TryGetValue(name.Key, out var id))
        {
            id = accounts.Count;
            accounts.Add(name.Key, id);
        }

        return new AccountId(id);
    }

    public string Json(OrderId id) => orderJson[checked((int)id.Value)];
}
