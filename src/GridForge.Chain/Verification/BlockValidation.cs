using GridForge.Chain.Blocks;
using GridForge.Runtime.Execution;
using GridForge.Core.Primitives;

namespace GridForge.Chain.Verification;

/// <summary>The rules a block must meet on top of its chain, shared by consensus (valid(v) before a prevote) and
/// <c>chain verify</c>: the header links to the tip and names its validators, the body matches the header's roots, the
/// last commit is a valid commit of the tip, and executing it leaves nothing out and reaches the header's state root.</summary>
public static class BlockValidation
{
    /// <summary>Null when the header and the body fit <paramref name="tip"/> (nothing executed yet); otherwise why not.</summary>
    public static string? CheckStructure(Block block, ChainTip tip)
    {
        var h = block.Header;
        var lastCommitHash = block.LastCommit?.Hash() ?? Hash32.Zero;
        var error =
            h.ChainId != tip.ChainId ? $"chain id '{h.ChainId}'" :
            h.Height != tip.Height + 1 ? $"height field says {h.Height}, expected {tip.Height + 1}" :
            h.PreviousHash != tip.Hash ? "previous hash does not link to the block before" :
            h.Time < tip.Time ? "time goes backwards" :
            tip.Validators.PowerOf(h.Proposer) == 0 ? "the proposer is not a validator" :
            h.ValidatorSetHash != tip.Validators.Hash() ? "validator set hash mismatch" :
            h.LastCommitHash != lastCommitHash ? "last commit hash mismatch" :
            Block.TransactionsRoot(block.Transactions) != h.TransactionsRoot ? "transactions root mismatch" :
            Block.EvidenceRoot(block.Evidence) != h.EvidenceHash ? "evidence hash mismatch" :
            null;
        if (error is not null) return error;
        if (tip.Height == 0) return block.LastCommit is null ? null : "the first block carries a last commit";
        if (block.LastCommit is not { } last) return "the body carries no commit of the previous block";
        if (last.BlockHash != tip.Hash || last.Height != tip.Height) return "the last commit is for another block";
        return last.Verify(tip.ChainId, tip.PreviousValidators);
    }

    /// <summary>Null when executing the block left nothing out and reached its header's state root.</summary>
    public static string? CheckExecution(Block block, BlockExecution execution, Hash32 stateRoot)
    {
        if (execution.EvidenceExcluded.Count > 0)
        {
            var (evidence, why) = execution.EvidenceExcluded[0];
            return $"evidence against {evidence.Validator} at height {evidence.Height} is refused: {why}";
        }

        if (execution.Excluded.Count > 0)
        {
            var (tx, why) = execution.Excluded[0];
            return $"transaction {tx.Id} is invalid: {why}";
        }

        if (execution.Included.Count != block.Transactions.Count) return "the block holds more transactions than a block may";
        return stateRoot == block.Header.StateRoot ? null : $"state root {stateRoot} after execution differs from the header's {block.Header.StateRoot}";
    }
}
