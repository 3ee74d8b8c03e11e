using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The bytes a validator signs to precommit a block, re-implemented here because the runtime cannot reference
/// the chain layer: SHA-256("gridforge precommit" 0x00 chain id, height, block hash), exactly as
/// <c>GridForge.Chain.Blocks.Commit.VoteBytes</c> (a node test holds the two equal).</summary>
public static class PrecommitVote
{
    public const string Domain = "gridforge precommit";

    public static byte[] Bytes(string chainId, ulong height, Hash32 blockHash)
    {
        var w = new CanonicalWriter(96);
        w.String(chainId).U64(height).Hash(blockHash);
        return Hashing.Domain(Domain, w.WrittenSpan).ToArray();
    }

    /// <summary>True when <paramref name="signature"/> is <paramref name="validator"/>'s precommit for the block.</summary>
    public static bool Verify(Address validator, string chainId, ulong height, Hash32 blockHash, ReadOnlySpan<byte> signature) =>
        Ed25519.Verify(validator.ToBytes(), Bytes(chainId, height, blockHash), signature);
}
