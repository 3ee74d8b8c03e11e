namespace GridForge.Runtime.Modules.Disputes;

/// <summary>What an arbitrator finds, as its wire byte.</summary>
public enum RulingKind : byte
{
    /// <summary>The subject stands as settled: the hold is released to the respondent and the opener's bond is lost to it.</summary>
    Uphold = 0,

    /// <summary>The opener was right: an amount of the hold moves to the opener, the rest is released, the bond is returned.</summary>
    Correct = 1,
}
