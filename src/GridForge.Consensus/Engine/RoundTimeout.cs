namespace GridForge.Consensus.Engine;

/// <summary>A timeout the host scheduled and hands back when it expires; the core ignores one whose height, round or
/// step has passed.</summary>
public readonly record struct RoundTimeout(TimeoutKind Kind, ulong Height, int Round)
{
    public override string ToString() => $"timeout {Kind.ToString().ToLowerInvariant()} h{Height} r{Round}";
}
