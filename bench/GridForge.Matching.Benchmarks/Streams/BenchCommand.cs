namespace GridForge.Matching.Benchmarks.Streams;

/// <summary>One pre-generated command; amend and cancel use the id of <see cref="Order"/>.</summary>
/// <param name="Type">Submit, amend or cancel.</param>
/// <param name="Order">The order (only its id for amend and cancel).</param>
/// <param name="Price">The amend's new price, or null.</param>
/// <param name="Quantity">The amend's new quantity, or null.</param>
public readonly record struct BenchCommand(BenchCommandType Type, OrderRequest Order, long? Price = null, long? Quantity = null)
{
    /// <summary>Runs the command on <paramref name="engine"/>.</summary>
    public RejectCode ApplyTo(MatchingEngine engine) => Type switch
    {
        BenchCommandType.Submit => engine.Submit(Order),
        BenchCommandType.Amend => engine.Amend(Order.Id, Price, Quantity),
        _ => engine.Cancel(Order.Id),
    };
}
