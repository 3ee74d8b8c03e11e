namespace GridForge.Runtime.State;

/// <summary>Read and write access to the runtime's key-value state.</summary>
public interface IState
{
    byte[]? Get(StateKey key);

    void Set(StateKey key, byte[] value);

    void Delete(StateKey key);
}
