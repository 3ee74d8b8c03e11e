namespace GridForge.Matching.Replay;

/// <summary>One well-formed input line; its numeric fields are checked by the matching rules, not by the parser.</summary>
internal sealed record ReplayCommand(
    ReplayCommandType Type,
    ReplayName Id,
    ReplayName Account,
    Side Side,
    OrderKind Kind,
    string? Zone,
    IntField Price,
    IntField Quantity);
