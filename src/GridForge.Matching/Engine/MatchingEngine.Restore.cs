namespace GridForge.Matching;

/// <content>Rebuilding a book from a stored state: link flows first, then the resting orders re-entered in arrival order.</content>
public sealed partial class MatchingEngine
{
    /// <summary>Re-enters a resting gtc order of a persisted book as it stood, <paramref name="filled"/> Wh of it already traded, so
    /// that every later judgement on it (an amend's quantity bound: filled plus remaining stays within <see cref="MaxQuantity"/>)
    /// is the one the engine that kept the book would make. A book at rest re-enters without trading.</summary>
    /// <returns><see cref="RejectCode.None"/> when accepted; otherwise why nothing changed (as <see cref="Submit"/>, and
    /// <see cref="RejectCode.InvalidQuantity"/> when filled plus remaining would exceed <see cref="MaxQuantity"/>).</returns>
    /// <exception cref="ArgumentException">The order is not a gtc limit order (only those rest).</exception>
    public RejectCode Restore(in OrderRequest order, long filled)
    {
        if (order.Kind != OrderKind.LimitGtc)
        {
            throw new ArgumentException("Only gtc limit orders rest in a book.", nameof(order));
        }

        if (filled < 0 || order.Quantity > MaxQuantity - filled)
        {
            events.Clear();
            return Reject(order.Id, RejectCode.InvalidQuantity);
        }

        return Accept(in order, filled);
    }

    /// <summary>Sets the net flow from <paramref name="from"/> to <paramref name="to"/> (the reverse gets its negation) on an
    /// engine that has accepted no order yet, so that a book persisted elsewhere can be rebuilt with the fees and room it had.</summary>
    /// <exception cref="InvalidOperationException">An order was already accepted, or no link joins the zones.</exception>
    public void RestoreFlow(ZoneIndex from, ZoneIndex to, long flow)
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
