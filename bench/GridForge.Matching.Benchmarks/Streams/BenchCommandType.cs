namespace GridForge.Matching.Benchmarks.Streams;

/// <summary>What a <see cref="BenchCommand"/> does.</summary>
public enum BenchCommandType : byte
{
    /// <summary>Submit an order.</summary>
    Submit,

    /// <summary>Amend a resting order.</summary>
    Amend,

    /// <summary>Cancel a resting order.</summary>
    Cancel,
}
