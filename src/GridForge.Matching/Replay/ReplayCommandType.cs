namespace GridForge.Matching.Replay;

/// <summary>The <c>type</c> of an input line.</summary>
internal enum ReplayCommandType : byte
{
    /// <summary>A new order.</summary>
    Order = 0,

    /// <summary>A cancel of a resting order.</summary>
    Cancel = 1,

    /// <summary>An amend of a resting order.</summary>
    Amend = 2,
}
