namespace GridForge.Matching;

/// <summary>The order type and time in force, as one value so that no invalid combination exists.</summary>
public enum OrderKind : byte
{
    /// <summary>Limit, good till gate closure: the unfilled remainder rests in the book.</summary>
    LimitGtc = 0,

    /// <summary>Limit, immediate or cancel: the unfilled remainder is cancelled (reason <c>ioc</c>).</summary>
    LimitIoc = 1,

    /// <summary>Limit, fill or kill: fills completely at once or is rejected and changes nothing.</summary>
    LimitFok = 2,

    /// <summary>Market: crosses every reachable counterpart regardless of price, then cancels the remainder (reason <c>ioc</c>).</summary>
    Market = 3,
}
