namespace GridForge.Matching;

/// <summary>A price level: the FIFO queue (head to tail) of the resting orders at one price on one side of one zone.</summary>
internal struct PriceLevel
{
    public long Price;
    public int Head;
    public int Tail;
    public int Count;
}
