namespace GridForge.Consensus.Signing;

/// <summary>A sign-state store in memory: for the simulator, whose "disk" survives a simulated crash, and for tests.</summary>
public sealed class MemorySignStateStore : ISignStateStore
{
    private byte[]? _saved;

    public int Saves { get; private set; }

    public SignState? Load() => _saved is null ? null : SignState.Decode(_saved);

    public void Save(SignState state)
    {
        _saved = state.Encode();
        Saves++;
    }
}
