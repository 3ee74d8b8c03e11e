using GridForge.Core.Primitives;

namespace GridForge.Chain.Storage;

/// <summary>One committed block as a node recorded it, in the encodings that other nodes and later versions must reproduce:
/// the header and body as voted on, the block's commit, its transactions' results (messages and events, as
/// <see cref="BlockStore"/> encodes them) and the end-of-block events as the API shows them.</summary>
public sealed record RecordedBlock(byte[] Header, byte[] Body, byte[] Commit, byte[] Results, string EndBlockEvents);

/// <summary>A chain as recorded from genesis: what <see cref="Verification.ChainVerifier"/> re-executes, whether it lives in a
/// node's data directory (<see cref="BlockStore"/>) or in a <see cref="ChainArchive"/> file.</summary>
public interface IRecordedChain
{
    /// <summary>The genesis document, or null when there is no chain.</summary>
    string? GenesisJson { get; }

    /// <summary>The height of the last recorded block (0: none).</summary>
    ulong Height { get; }

    /// <summary>The block at <paramref name="height"/> (1 … <see cref="Height"/>), or null when it is missing.</summary>
    RecordedBlock? Get(ulong height);

    /// <summary>The refusal code (null: applied) of each of the block's transactions, in block order, or null when a
    /// transaction's result is missing or recorded at another place.</summary>
    IReadOnlyList<string?>? Codes(ulong height, IReadOnlyList<Hash32> txIds);
}
