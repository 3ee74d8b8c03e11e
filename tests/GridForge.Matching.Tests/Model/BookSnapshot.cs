namespace GridForge.Matching.Tests.Model;

/// <summary>Everything observable about a book: resting orders (zone by zone, bids then asks, priority order) and link states.</summary>
public sealed record BookSnapshot(IReadOnlyList<RestingOrder> Orders, IReadOnlyList<LinkState> Links)
{
    public bool SameAs(BookSnapshot other) => Orders.SequenceEqual(other.Orders) && Links.SequenceEqual(other.Links);
}
