namespace GridForge.Matching;

/// <summary>One way energy can reach a taker: the counterpart's zone and the directed link used, or -1 within a zone.</summary>
/// <param name="Zone">Zone index of the counterparts reached by this route.</param>
/// <param name="Link">Directed link index (from the seller's zone to the buyer's zone), or -1 for the local route.</param>
internal readonly record struct Route(int Zone, int Link);
