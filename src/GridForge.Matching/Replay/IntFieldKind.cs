namespace GridForge.Matching.Replay;

/// <summary>How a numeric JSON field turned out.</summary>
internal enum IntFieldKind : byte
{
    /// <summary>The field is missing or null.</summary>
    Absent = 0,

    /// <summary>An integer that fits in 64 bits.</summary>
    Integer = 1,

    /// <summary>An integer literal too large for 64 bits (so beyond any limit).</summary>
    OutOfRange = 2,

    /// <summary>Anything else: a fraction, an exponent, a string, a boolean, an object.</summary>
    NotInteger = 3,
}
