using GridForge.Chain.Blocks;
using GridForge.Chain.Storage;
using GridForge.Core.Encoding;
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
    /// <summary>Checks a node's data directory: every block as <see cref="Verify(IRecordedChain, ModuleHost?, IProgress{ulong}?)"/>
    /// does, then that the stored state is exactly the state re-execution gives.</summary>
    public static VerifyReport Verify(string dataDirectory, ModuleHost? modules = null, IProgress<ulong>? progress = null)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "chain.db"))) return new VerifyReport(false, 0, $"no chain in {dataDirectory}");
        using var store = BlockStore.Open(dataDirectory, readOnly: true);
        var top = store.Height;
        var (report, state) = Replay(store, top, modules, progress);
        if (!report.Ok) return report;

        // The stored state is what a restart loads, so it must be exactly the state re-execution gives
        // (unless a running node has committed more blocks since this check read the height).
        if (StoredStateDifference(store, state!) is { } difference && store.Height == top)
        {
            return new VerifyReport(false, top, difference);
        }

        return report;
    }

    /// <summary>Re-executes a recorded chain (a data directory or a <see cref="ChainArchive"/>) from genesis and checks, at
    /// every height, the block's structure, its commit, each transaction's code, message and events, the end-of-block
    /// events and the state root in the header.</summary>
    public static VerifyReport Verify(IRecordedChain chain, ModuleHost? modules = null, IProgress<ulong>? progress = null) =>
        Replay(chain, chain.Height, modules, progress).Report;

    private static (VerifyReport Report, StateStore? State) Replay(IRecordedChain chain, ulong top, ModuleHost? modules, IProgress<ulong>? progress)
    {
        var genesisJson = chain.GenesisJson;
        if (genesisJson is null) return (new VerifyReport(false, 0, "no chain in this directory"), null);
        var genesis = GenesisDocument.Parse(genesisJson);
        var runtime = new ChainRuntime(genesis.ChainId, modules ?? ChainRuntime.StandardModules());
        var state = runtime.GenesisState(genesis);

        var tip = ChainTip.Of(genesis.ChainId, 0, ChainNode.GenesisHashOf(genesis), genesis.GenesisTime, state);
        Commit? previousCommit = null;
        var (entries, results) = (new CanonicalWriter(1 << 12), new CanonicalWriter(1 << 12));
        for (ulong height = 1; height <= top; height++)
        {
            if (chain.Get(height) is not { } recorded) return (new VerifyReport(false, height, "the block is missing"), null);
            Block block;
            Commit commit;
            try
            {
                block = Block.Decode(recorded.Header, recorded.Body, runtime.Registry);
                var r = new CanonicalReader(recorded.Commit);
                commit = Commit.Decode(ref r);
                r.End("commit");
                if (!r.Ok) throw new InvalidDataException($"corrupt commit at height {height}: {r.Error}");
            }
            catch (InvalidDataException e)
            {
                return (new VerifyReport(false, height, e.Message), null);
            }

            var h = block.Header;
            var error = BlockValidation.CheckStructure(block, tip);
            if (error is null && height > 1 && block.LastCommit!.Hash() != previousCommit!.Hash())
            {
                error = "the body's last commit differs from the commit stored for the previous block";
            }

            if (error is not null) return (new VerifyReport(false, height, error), null);

            var info = new BlockInfo(genesis.ChainId, height, h.Time, h.Proposer);
            var execution = BlockExecutor.Execute(runtime, state, info, block.Evidence, block.Transactions, int.MaxValue);
            var codes = chain.Codes(height, execution.Results.Select(x => x.TxId).ToArray());
            for (var i = 0; i < execution.Results.Count; i++)
            {
                if (codes is null || codes[i] != execution.Results[i].Rejection?.Code)
                {
                    return (new VerifyReport(false, height, $"the stored result of transaction {i} differs from re-execution"), null);
                }
            }

            if (!BlockStore.EncodeResults(execution.Results, entries, results).AsSpan().SequenceEqual(recorded.Results))
            {
                return (new VerifyReport(false, height, "the stored messages or events of the block's transactions differ from re-execution"), null);
            }

            if (EventJson.Write(execution.EndBlockEvents) != recorded.EndBlockEvents)
            {
                return (new VerifyReport(false, height, "the stored end-of-block events differ from re-execution"), null);
            }

            var root = execution.CommitTo(state);
            if (BlockValidation.CheckExecution(block, execution, root) is { } executionError) return (new VerifyReport(false, height, executionError), null);

            previousCommit = commit;
            if (commit.BlockHash != block.Hash() || commit.Height != height) return (new VerifyReport(false, height, "the stored commit is for another block"),
                null);
            if (commit.Verify(genesis.ChainId, tip.Validators) is { } commitError) return (new VerifyReport(false, height, commitError), null);
            tip = ChainTip.Of(genesis.ChainId, height, block.Hash(), h.Time, state);
            progress?.Report(height);
        }

        return (new VerifyReport(true, top, null), state);
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
