namespace GridForge.Matching;

/// <summary>What the engine remembers about every accepted order: its status, fills, and its node while resting.</summary>
internal struct OrderRecord
{
    public long Id;
    public long Filled;
    public int Node;
    public OrderStatus Status;
    public CancelReason Reason;
}
