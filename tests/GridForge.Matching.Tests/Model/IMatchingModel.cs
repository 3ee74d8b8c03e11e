namespace GridForge.Matching.Tests.Model;

/// <summary>What the contract suite drives: the engine, or the deliberately naive reference book.</summary>
public interface IMatchingModel
{
    IReadOnlyList<MatchEvent> Submit(OrderRequest order);

    IReadOnlyList<MatchEvent> Amend(OrderId id, long? price, long? quantity);

    IReadOnlyList<MatchEvent> Cancel(OrderId id);

    IReadOnlyList<MatchEvent> CloseGate();

    OrderState GetOrder(OrderId id);

    BookSnapshot Snapshot();
}
