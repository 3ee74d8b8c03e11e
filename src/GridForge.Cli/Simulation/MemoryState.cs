using GridForge.Runtime.State;

namespace GridForge.Cli.Simulation;

/// <summary>The simulation's committed state: every key in a dictionary, with no Merkle tree and no SQLite. A state root is what
/// nodes agree on; a simulation has no peers, so it skips the tree (docs/simulate.md). The runtime sees it only through
/// <see cref="IState"/>, as it sees a node's <see cref="StateStore"/>.</summary>
internal sealed class MemoryState : IState
{
    private readonly Dictionary<StateKey, byte[]> _values = new(1 << 16);

    public int Count => _values.Count;

    public byte[]? Get(StateKey key) => _values.GetValueOrDefault(key);

    public void Set(StateKey key, byte[] value) => _values[key] = value;

    public void Delete(StateKey key) => _values.Remove(key);
}
