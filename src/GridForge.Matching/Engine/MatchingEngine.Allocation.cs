namespace GridForge.Matching;

/// <content>Flow allocated to pre-arranged trades that did not come from the book (a contract's bilateral volume).</content>
public sealed partial class MatchingEngine
{
    /// <summary>
    /// Books <paramref name="quantity"/> Wh of a pre-arranged transfer from <paramref name="from"/> to <paramref name="to"/>
    /// as rule 5 books a trade's: the link's flow rises (and its fee with it, rule 6), its reverse gains room, and resting
    /// orders that now cross on the reverse trade exactly as after a book trade's counter-flow (their trades are in
    /// <see cref="Events"/>). Within one zone nothing changes. The caller reads the fee the transfer pays
    /// (<see cref="TryGetLink"/>) before allocating.
    /// </summary>
    /// <returns><see cref="RejectCode.None"/>, or why nothing changed: closed book, quantity out of range, unknown zone, or
    /// <see cref="RejectCode.NoCapacity"/> when no link joins the zones or the link has less room than asked.</returns>
    public RejectCode AllocateFlow(ZoneIndex from, ZoneIndex to, long quantity)
    {
        events.Clear();
        if (IsClosed) return RejectCode.GateClosed;
        if (quantity is <= 0 or > MaxQuantity) return RejectCode.InvalidQuantity;
        if (!grid.Contains(from) || !grid.Contains(to)) return RejectCode.UnknownZone;
        if (from == to) return RejectCode.None;
        var link = grid.DirectedLink(from.Index, to.Index);
        if (link < 0 || links.Room(link) < quantity) return RejectCode.NoCapacity;
        links.Add(link, quantity);
        Settle();
        return RejectCode.None;
    }
}
