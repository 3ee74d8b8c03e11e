namespace GridForge.Matching;

/// <content>A link's capacity changed while the book is open (a grid operator's cut or raise for this slot).</content>
public sealed partial class MatchingEngine
{
    /// <summary>
    /// Sets the capacity for energy flowing from <paramref name="from"/> to <paramref name="to"/>. Trades already made keep
    /// their flow: a flow above a lowered capacity leaves that direction without room until counter-flows free some (its fee
    /// counts the link as full). When room grew, resting orders that now cross on the link trade exactly as after a
    /// counter-flow (rule 5: the book is never left crossed where room exists); their trades are in <see cref="Events"/>.
    /// </summary>
    /// <returns><see cref="RejectCode.None"/>, or why nothing changed: closed book, a capacity below 0 or above
    /// <see cref="MaxQuantity"/>, an unknown zone, or <see cref="RejectCode.NoCapacity"/> when no link joins the zones.</returns>
    public RejectCode SetCapacity(ZoneIndex from, ZoneIndex to, long capacity)
    {
        events.Clear();
        if (IsClosed) return RejectCode.GateClosed;
        if (capacity is < 0 or > MaxQuantity) return RejectCode.InvalidQuantity;
        if (!grid.Contains(from) || !grid.Contains(to)) return RejectCode.UnknownZone;
        var link = from == to ? -1 : grid.DirectedLink(from.Index, to.Index);
        if (link < 0) return RejectCode.NoCapacity;
        links.SetCapacity(link, capacity);
        Settle();
        return RejectCode.None;
    }
}
