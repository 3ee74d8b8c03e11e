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

    /// <summary>The longest any round waits: a day. The timeout grows so that a round eventually outlasts the network's delay
    /// once it is timely again, and a day is far past any such delay; without a bound a high round (a long outage, or votes
    /// of a far round) would overflow or exceed what a timer takes (Task.Delay: about 49.7 days), and the exception would stop
    /// the node's consensus loop.</summary>
    public const long MaxDurationMs = 24L * 60 * 60 * 1000;

    /// <summary>base + round × delta for <paramref name="kind"/>, saturating at <see cref="MaxDurationMs"/>.</summary>
    public long Duration(TimeoutKind kind, int round) => kind switch
    {
        TimeoutKind.Propose => Grown(ProposeMs, ProposeDeltaMs, round),
        TimeoutKind.Prevote => Grown(PrevoteMs, PrevoteDeltaMs, round),
        _ => Grown(PrecommitMs, PrecommitDeltaMs, round),
    };

    private static long Grown(long baseMs, long deltaMs, int round)
    {
        if (baseMs >= MaxDurationMs) return MaxDurationMs;
        // round × delta > MaxDurationMs − base exactly when round exceeds the quotient (delta > 0): compared, never multiplied past it.
        return deltaMs > 0 && round > (MaxDurationMs - baseMs) / deltaMs ? MaxDurationMs : checked(baseMs + (round * deltaMs));
    }
}
