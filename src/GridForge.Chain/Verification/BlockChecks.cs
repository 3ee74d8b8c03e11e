using GridForge.Chain.Blocks;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;

namespace GridForge.Chain.Verification;

/// <summary>The rules a block must meet before it is executed, given what the node knows of its parent: one place for
/// <c>chain verify</c>, for blocks downloaded from peers and for blocks proposed by other validators.</summary>
public static class BlockChecks
{
    /// <summary>Null when <paramref name="block"/> is block <paramref name="height"/> of <paramref name="chainId"/>, links to
    /// its parent (<paramref name="previousHash"/>, not before <paramref name="previousTime"/>), was proposed by a member of
    /// <paramref name="validators"/> (the set that must sign it) whose hash it carries, holds the transactions its root names,
    /// and carries a valid commit of its parent signed by <paramref name="previousValidators"/> (null: the set that signed the
    /// parent is not known here, so only the commit's target is checked); otherwise why not.</summary>
    public static string? Header(Block block, string chainId, ulong height, Hash32 previousHash, long previousTime, ValidatorSet validators, ValidatorSet? previousValidators)
    {
        var h = block.Header;
        if (h.ChainId != chainId) return $"chain id '{h.ChainId}'";
        if (h.Height != height) return $"height field says {h.Height}, not {height}";
        if (h.PreviousHash != previousHash) return "previous hash does not link to the block before";
        if (h.Time < previousTime) return "time goes backwards";
        if (validators.PowerOf(h.Proposer) == 0) return "the proposer is not a validator";
        if (h.ValidatorSetHash != validators.Hash()) return "validator set hash mismatch";
        if (h.LastCommitHash != (block.LastCommit?.Hash() ?? Hash32.Zero)) return "last commit hash mismatch";
        if (Block.TransactionsRoot(block.Transactions) != h.TransactionsRoot) return "transactions root mismatch";
        if (height == 1) return block.LastCommit is null ? null : "block 1 carries a last commit";
        if (block.LastCommit is not { } last) return "the block carries no commit of the block before";
        if (last.BlockHash != previousHash || last.Height != height - 1) return "the last commit is for another block";
        return previousValidators is null ? null : last.Verify(chainId, previousValidators);
    }

    /// <summary>Null when <paramref name="commit"/> finalises <paramref name="block"/>: it names the block's height and hash
    /// and validators holding more than 2/3 of <paramref name="validators"/>' power signed it.</summary>
    public static string? Finalises(Commit commit, Block block, string chainId, ValidatorSet validators)
    {
        if (commit.Height != block.Header.Height || commit.BlockHash != block.Hash()) return "the commit is for another block";
        return commit.Verify(chainId, validators);
    }
}
