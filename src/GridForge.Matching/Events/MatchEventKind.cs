namespace GridForge.Matching;

/// <summary>What a <see cref="MatchEvent"/> reports.</summary>
public enum MatchEventKind : byte
{
    /// <summary>Two orders traded.</summary>
    Trade = 0,

    /// <summary>An order, or its remainder, left the book (self-trade, ioc, user, expired).</summary>
    Cancelled = 1,

    /// <summary>A command was rejected and changed nothing.</summary>
    Rejected = 2,
}
