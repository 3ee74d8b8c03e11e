namespace GridForge.Matching;

/// <content>Rebuilding a book from a stored state: link flows first, then the resting orders re-entered in arrival order.</content>
public sealed partial class MatchingEngine
{
    /// <summary>Sets the net flow from <paramref name="from"/> to <paramref name="to"/> (the reverse gets its negation) on an
    /// engine that has accepted no order yet, so that a book persisted elsewhere can be rebuilt with the fees and room it had.</summary>
    /// <exception cref="InvalidOperationException">An order was already accepted, or no link joins the zones.</exception>
    public void RestoreFlow(ZoneId from, ZoneId to, long flow)
    {
        if (table.Count != 0 || IsClosed)
        {
            throw new InvalidOperationException("Flows are restored before any order is entered.");
        }

        var link = from == to ? -1 : grid.DirectedLink(CheckZone(from), CheckZone(to));
        if (link < 0)
        {
            throw new InvalidOperationException("No link joins the two zones.");
        }

        links.Restore(link, flow);
    }
}
