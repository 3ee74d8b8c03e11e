using GridForge.Chain.Blocks;
using GridForge.Chain.Production;
using GridForge.Chain.Storage;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;

namespace GridForge.Chain.Verification;

/// <summary>The verdict of a chain check: the height checked up to, or the first bad height and why.</summary>
public sealed record VerifyReport(bool Ok, ulong Height, string? Error)
{
    public override string ToString() => Ok ? $"OK {Height}" : $"BAD {Height}: {Error}";
}

/// <summary>Re-executes every block from genesis on a fresh state and checks every header, commit and result.</summary>
public static class ChainVerifier
{
    public static VerifyReport Verify(string dataDirectory, ModuleHost? modules = null, IProgress<ulong>? progress = null)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "chain.db"))) return new VerifyReport(false, 0, $"no chain in {dataDirectory}");
        using var store = BlockStore.Open(dataDirectory, readOnly: true);
        var genesisJson = store.GetMeta("genesis");
        if (genesisJson is null) return new VerifyReport(false, 0, "no chain in this directory");
        var genesis = GenesisDocument.Parse(genesisJson);
        var runtime = new ChainRuntime(genesis.ChainId, modules ?? ChainRuntime.StandardModules());
        var state = new StateStore();
        var init = new StateOverlay(state);
        runtime.InitGenesis(init, genesis);
        state.Apply(init.SortedWrites());

        var tip = ChainTip.Of(genesis.ChainId, 0, ChainNode.GenesisHashOf(genesis), genesis.GenesisTime, state);
        Commit? previousCommit = null;
        var top = store.Height;
        for (ulong height = 1; height <= top; height++)
        {
            Block? block;
            try
            {
                block = store.GetBlock(height, runtime.Registry);
            }
            catch (InvalidDataException e)
            {
                return new VerifyReport(false, height, e.Message);
            }

            if (block is null) return new VerifyReport(false, height, "the block is missing");
            var h = block.Header;
            var error = BlockValidation.CheckStructure(block, tip);
            if (error is null && height > 1 && block.LastCommit!.Hash() != previousCommit!.Hash())
            {
                error = "the body's last commit differs from the commit stored for the previous block";
            }

            if (error is not null) return new VerifyReport(false, height, error);

            var info = new BlockInfo(genesis.ChainId, height, h.Time, h.Proposer);
            var execution = BlockExecutor.Execute(runtime, state, info, block.Evidence, block.Transactions, int.MaxValue);
            for (var i = 0; i < execution.Results.Count; i++)
            {
                var stored = store.GetTxResult(execution.Results[i].TxId);
                if (stored is null || stored.Height != height || stored.Index != i || stored.Code != execution.Results[i].Rejection?.Code)
                {
                    return new VerifyReport(false, height, $"the stored result of transaction {i} differs from re-execution");
                }
            }

            var root = state.Apply(execution.Changes.SortedWrites());
            if (BlockValidation.CheckExecution(block, execution, root) is { } executionError) return new VerifyReport(false, height, executionError);

            try
            {
                previousCommit = store.GetCommit(height);
            }
            catch (InvalidDataException e)
            {
                return new VerifyReport(false, height, e.Message);
            }

            if (previousCommit is null) return new VerifyReport(false, height, "no commit stored for the block");
            if (previousCommit.BlockHash != block.Hash() || previousCommit.Height != height) return new VerifyReport(false, height, "the stored commit is for another block");
            if (previousCommit.Verify(genesis.ChainId, tip.Validators) is { } commitError) return new VerifyReport(false, height, commitError);
            tip = ChainTip.Of(genesis.ChainId, height, block.Hash(), h.Time, state);
            progress?.Report(height);
        }

        // The stored state is what a restart loads, so it must be exactly the state re-execution gives
        // (unless a running node has committed more blocks since this check read the height).
        if (StoredStateDifference(store, state) is { } difference && store.Height == top)
        {
            return new VerifyReport(false, top, difference);
        }

        return new VerifyReport(true, top, null);
    }

    private static string? StoredStateDifference(BlockStore store, StateStore state)
    {
        var count = 0;
        foreach (var (key, value) in store.ReadState())
        {
            count++;
            if (state.Get(new StateKey(key)) is not { } expected || !expected.AsSpan().SequenceEqual(value))
            {
                return $"the stored state's entry {new StateKey(key)} differs from re-execution";
            }
        }

        return count == state.Count ? null : $"the stored state holds {count} entries; re-execution gives {state.Count}";
    }
}
