namespace GridForge.Matching;

/// <summary>A resting order in the pooled node array, linked into its price level's FIFO queue.</summary>
internal struct OrderNode
{
    public long Id;
    public long Account;
    public long Price;
    public long Remaining;
    public long Filled;
    public long Arrival;
    public int Prev;
    public int Next;
    public int Level;
    public int Zone;
    public Side Side;
}
