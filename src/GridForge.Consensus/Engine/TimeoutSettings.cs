namespace GridForge.Consensus.Engine;

/// <summary>timeoutX(r) = initTimeoutX + r × timeoutDeltaX, in milliseconds (the paper's §3; CometBFT's defaults). Growing
/// with the round is what makes a round long enough for every message once the network is timely again.</summary>
public sealed record TimeoutSettings
{
    public long ProposeMs { get; init; } = 3_000;

    public long ProposeDeltaMs { get; init; } = 500;

    public long PrevoteMs { get; init; } = 1_000;

    public long PrevoteDeltaMs { get; init; } = 500;

    public long PrecommitMs { get; init; } = 1_000;

    public long PrecommitDeltaMs { get; init; } = 500;

    public long Duration(TimeoutKind kind, int round) => kind switch
    {
        TimeoutKind.Propose => checked(ProposeMs + (round * ProposeDeltaMs)),
        TimeoutKind.Prevote => checked(PrevoteMs + (round * PrevoteDeltaMs)),
        _ => checked(PrecommitMs + (round * PrecommitDeltaMs)),
    };
}
