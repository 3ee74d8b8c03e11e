namespace GridForge.Matching;

/// <summary>Initial capacities, so that an engine sized for its slot never reallocates while matching.</summary>
public sealed record MatchingEngineOptions
{
    /// <summary>Orders expected to be accepted in the slot (the id table holds every accepted id).</summary>
    public int ExpectedOrders { get; init; } = 1024;

    /// <summary>Orders expected to rest in the book at once.</summary>
    public int ExpectedResting { get; init; } = 1024;

    /// <summary>Price levels expected per side of one zone.</summary>
    public int ExpectedLevels { get; init; } = 64;

    /// <summary>Events expected from one command.</summary>
    public int ExpectedEventsPerCommand { get; init; } = 64;
}
