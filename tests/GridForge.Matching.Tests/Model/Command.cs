namespace GridForge.Matching.Tests.Model;

/// <summary>One command of a test stream; amend and cancel use <see cref="OrderRequest.Id"/> of <see cref="Order"/>.</summary>
public sealed record Command(CommandType Type, OrderRequest Order, long? NewPrice = null, long? NewQuantity = null)
{
    public static Command Submit(OrderRequest order) => new(CommandType.Submit, order);

    public static Command Amend(long id, long? price, long? quantity) =>
        new(CommandType.Amend, new OrderRequest { Id = new OrderId(id) }, price, quantity);

    public static Command Cancel(long id) => new(CommandType.Cancel, new OrderRequest { Id = new OrderId(id) });

    public static Command CloseGate() => new(CommandType.CloseGate, default);

    public IReadOnlyList<MatchEvent> ApplyTo(IMatchingModel model) => Type switch
    {
        CommandType.Submit => model.Submit(Order),
        CommandType.Amend => model.Amend(Order.Id, NewPrice, NewQuantity),
        CommandType.Cancel => model.Cancel(Order.Id),
        _ => model.CloseGate(),
    };

    public override string ToString() => Type switch
    {
        CommandType.Submit => $"submit #{Order.Id} acct {Order.Account} {Order.Side} {Order.Kind} z{Order.Zone} {Order.Price} x {Order.Quantity}",
        CommandType.Amend => $"amend #{Order.Id} price {NewPrice?.ToString() ?? "-"} qty {NewQuantity?.ToString() ?? "-"}",
        CommandType.Cancel => $"cancel #{Order.Id}",
        _ => "close gate",
    };
}
