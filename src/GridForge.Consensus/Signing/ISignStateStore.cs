namespace GridForge.Consensus.Signing;

/// <summary>Durable storage of a validator's <see cref="SignState"/>. <see cref="Save"/> returns only once the state
/// would survive a crash (a file store writes, fsyncs and renames); the core itself does no I/O.</summary>
public interface ISignStateStore
{
    SignState? Load();

    void Save(SignState state);
}
