namespace GridForge.Matching;

/// <summary>The order that is matching right now: an incoming order, or a resting one re-crossing after a counter-flow.</summary>
internal struct Taker
{
    /// <summary>The taker's id, account, side, zone, limit price, remaining and filled Wh, and arrival (queue links unused).</summary>
    public OrderNode Order;

    /// <summary>The taker's own resting node during a re-cross, or -1 for an incoming order.</summary>
    public int Node;

    /// <summary>A market order crosses every reachable counterpart whatever its price.</summary>
    public bool Market;
}
