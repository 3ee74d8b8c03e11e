namespace GridForge.Runtime.State;

/// <summary>A state that can also list the entries under a key prefix, in key order: what reads for people (the API, bridges,
/// audits) need; consensus code reads single keys.</summary>
public interface IScannableState : IState
{
    /// <summary>Entries whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IReadOnlyList<KeyValuePair<StateKey, byte[]>> Scan(ReadOnlySpan<byte> prefix);
}
