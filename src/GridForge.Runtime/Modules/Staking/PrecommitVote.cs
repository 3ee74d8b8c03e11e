using GridForge.Consensus.Messages;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The bytes a validator signs to precommit a block in a round: the consensus core's sign bytes of
/// ⟨PRECOMMIT, height, round, block hash⟩ (<see cref="Vote.SignBytes"/>), which a block's commit carries too.</summary>
public static class PrecommitVote
{
    public static byte[] Bytes(string chainId, ulong height, int round, Hash32 blockHash) =>
        new Vote(VoteType.Precommit, height, round, blockHash).SignBytes(chainId).ToArray();

    /// <summary>True when <paramref name="signature"/> is <paramref name="validator"/>'s precommit for the block.</summary>
    public static bool Verify(Address validator, string chainId, ulong height, int round, Hash32 blockHash, ReadOnlySpan<byte> signature) =>
        Ed25519.Verify(validator.ToBytes(), Bytes(chainId, height, round, blockHash), signature);
}
