namespace GridForge.Consensus.Simulation;

/// <summary>From <see cref="StartMs"/> to <see cref="EndMs"/> no message crosses between instances of different sides.</summary>
public sealed record Partition(long StartMs, long EndMs, IReadOnlyList<int> Side)
{
    public bool Separates(long now, int a, int b) => now >= StartMs && now < EndMs && Side[a] != Side[b];
}
