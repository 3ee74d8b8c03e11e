using System.Diagnostics;
using GridForge.Chain.Blocks;
using GridForge.Chain.Verification;
using GridForge.Consensus.Engine;
using GridForge.Consensus.Evidence;
using GridForge.Consensus.Signing;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.State;

namespace GridForge.Chain;

/// <summary>The chain as consensus's application: it builds a proposal for a height (getValue()), judges one (valid(v)),
/// commits a decision with its precommits, and keeps evidence for the next proposal. <see cref="ProduceBlock"/> runs one
/// height of consensus with this node's own core when it is the only validator (the dev chain, n = 1); a networked node
/// (issue 17) drives <see cref="CreateCore"/>'s core with the same four calls (docs/consensus.md).</summary>
public sealed partial class ChainNode
{
    private readonly ISignStateStore _signStateStore;
    private readonly EvidencePool _evidence = new();
    // Blocks built or judged at the next height, by id, with their execution: a decision commits them without running them again.
    private readonly Dictionary<Hash32, PreparedBlock> _prepared = [];
    private ConsensusCore? _core;
    private PreparedBlock? _applied;
    // A decision whose commit failed (the store refused): the next ProduceBlock commits it, never a different block.
    private Decision? _uncommitted;

    /// <summary>A block run over the committed state: its execution and its state changes (in key order).</summary>
    private sealed record PreparedBlock(Block Block, BlockExecution Execution, IReadOnlyList<KeyValuePair<StateKey, byte[]?>> Changes);

    /// <summary>The validators of the next block with their proposer priorities.</summary>
    public ProposerRotation NextRotation => AuthModule.Rotation(_state);

    /// <summary>Evidence waiting for a block.</summary>
    public int PendingEvidence
    {
        get
        {
            lock (_produceLock) return _evidence.Count;
        }
    }

    /// <summary>The address of this node's validator key (null on a node that holds none).</summary>
    public Address? ValidatorAddress => _validatorKey?.Address;

    /// <summary>A consensus core for this node's validator key, its double-sign guard on the data directory's sign-state
    /// file (null for a node without a key).</summary>
    public ConsensusCore? CreateCore(ISignatureVerifier? verifier = null) => _validatorKey is null
        ? null
        : new ConsensusCore(new ConsensusConfig(ChainId) { Timeouts = _options.Timeouts }, new DoubleSignGuard(_validatorKey, _signStateStore, ChainId),
            verifier);

    /// <summary>Builds, signs and durably commits the next block from the mempool by running one height of consensus on
    /// this node's core, alone: the single-validator network (n = 1). <paramref name="unixTime"/> dates the block (never
    /// before the previous one).</summary>
    public (Block Block, IReadOnlyList<TxResult> Results) ProduceBlock(long unixTime)
    {
        if (_validatorKey is null) throw new InvalidOperationException("this node holds no validator key");
        lock (_produceLock)
        {
            var rotation = NextRotation;
            if (!rotation.Set.Contains(_validatorKey.Address)) throw new InvalidOperationException($"{_validatorKey.Address} is not a validator of this chain");
            if (rotation.Set.Count != 1) throw new InvalidOperationException("this chain has other validators: blocks come from consensus over the network");
            if (_uncommitted is { } retry && retry.Height == Height + 1) return Commit(retry);
            _core ??= CreateCore()!;
            var work = new Queue<ConsensusOutput>(_core.StartHeight(Height + 1, rotation, aloneForgetsLocks: true));
            Decision? decision = null;
            while (decision is null)
            {
                if (!work.TryDequeue(out var output)) throw new InvalidOperationException($"consensus at height {Height + 1} stopped without a decision");
                switch (output)
                {
                    case RequestValue r:
                        foreach (var o in _core.OnValueToPropose(r.Height, r.Round, BuildProposal(r.Height, unixTime))) work.Enqueue(o);
                        break;
                    case RequestValidity q:
                        foreach (var o in _core.OnValidity(q.Height, q.Value.Id, ValidateProposal((Block)q.Value) is null)) work.Enqueue(o);
                        break;
                    case ScheduleTimeout t:
                        // Alone there is nobody to wait for: a timeout (after a restart mid-height) expires at once.
                        foreach (var o in _core.OnTimeout(t.Timeout)) work.Enqueue(o);
                        break;
                    case Decided d:
                        decision = d.Decision;
                        break;
                }
            }

            return Commit(decision);
        }

        (Block, IReadOnlyList<TxResult>) Commit(Decision decision)
        {
            _uncommitted = decision;
            var results = CommitDecision(decision);
            _uncommitted = null;
            return ((Block)decision.Value, results);
        }
    }

    /// <summary>getValue(): the next block from the mempool and the evidence pool, executed over the committed state (its
    /// execution kept for the decision). Its changes stay staged in the state's tree (never visible to readers) until it is
    /// committed or another block is built, judged or imported, so that the block that is decided — most often the one this
    /// node built or judged last — never has its changes hashed into the tree twice. With a <paramref name="budget"/>, the
    /// block takes no more transactions (at least one if any is waiting) once the time since this node took its block lock
    /// (waiting for a judgement or a commit is not filling time), plus the time staging the writes so far is expected to take
    /// (<see cref="Production.StagingCost"/>: staging cannot stop midway), reaches it: a network validator's bound that keeps
    /// a proposal judgeable within the round however full the mempool is.</summary>
    public Block BuildProposal(ulong height, long unixTime, TimeSpan? budget = null)
    {
        var key = _validatorKey ?? throw new InvalidOperationException("this node holds no validator key");
        lock (_produceLock)
        {
            var started = Stopwatch.GetTimestamp();
            if (height != Height + 1) throw new InvalidOperationException($"height {height} is not the next height {Height + 1}");
            UndoApplied();
            var time = Math.Max(unixTime, _head?.Time ?? GenesisTime);
            var info = new BlockInfo(ChainId, height, time, key.Address);
            var validators = AuthModule.Validators(_state);
            var maxTxs = Runtime.MaxBlockTxs(_state);
            // An offence of this very height waits for the next block; evidence refused otherwise never becomes valid.
            var evidence = _evidence.Pending(Block.MaxEvidence).Where(e => e.Height < height);
            var overlay = new StateOverlay(_state);
            Func<bool>? enough = budget is { } b ? () => Stopwatch.GetElapsedTime(started) + _stagingCost.For(overlay.WriteCount) >= b : null;
            var execution = BlockExecutor.Execute(Runtime, overlay, info, evidence, _mempool.Peek(maxTxs),
                new BlockLimits { MaxTxs = maxTxs, MaxBytes = Runtime.MaxBlockBytes(_state), Enough = enough });
            foreach (var (refused, _) in execution.EvidenceExcluded) _evidence.Discard(refused);
            var (changes, stateRoot) = Stage(execution);
            var header = new BlockHeader(
                ChainId, height, time,
                _head?.Hash() ?? GenesisHash,
                Block.TransactionsRoot(execution.Included),
                stateRoot,
                key.Address,
                validators.Hash(),
                _headCommit?.Hash() ?? Hash32.Zero,
                Block.EvidenceRoot(execution.EvidenceIncluded));
            var block = new Block(header, execution.Included, _headCommit, execution.EvidenceIncluded);
            var prepared = new PreparedBlock(block, execution, changes);
            _prepared[block.Id] = prepared;
            _applied = prepared;
            RememberRejections(execution.Excluded);
            return block;
        }
    }

    /// <summary>valid(v): null when <paramref name="block"/> can be the next block (every rule of
    /// <see cref="BlockValidation"/>, executed over the committed state); otherwise why not. A valid block's execution is
    /// kept for its decision.</summary>
    public string? ValidateProposal(Block block)
    {
        lock (_produceLock)
        {
            if (_prepared.ContainsKey(block.Id)) return null;
            if (BlockValidation.CheckStructure(block, Tip()) is { } error) return error;
            if (block.Transactions.Count > Runtime.MaxBlockTxs(
                _state)) return $"the block holds {block.Transactions.Count} transactions; at most {Runtime.MaxBlockTxs(_state)}";
            var bytes = block.Transactions.Sum(t => (long)t.Encoded.Length);
            if (bytes > Runtime.MaxBlockBytes(_state)) return $"the block holds {bytes} bytes of transactions; at most {Runtime.MaxBlockBytes(_state)}";
            UndoApplied();
            // Signatures this node checked at admission (or in an earlier proposal) are not checked again.
            CheckSignatures(block.Transactions);
            var h = block.Header;
            var execution = BlockExecutor.Execute(Runtime, _state, new BlockInfo(ChainId, h.Height, h.Time, h.Proposer), block.Evidence, block.Transactions,
                int.MaxValue);
            var (changes, stateRoot) = Stage(execution);
            if (BlockValidation.CheckExecution(block, execution, stateRoot) is { } executionError)
            {
                _state.Unstage();
                return executionError;
            }

            // Kept staged: the block judged valid is the one most likely decided next (its commit then stages nothing again).
            var prepared = new PreparedBlock(block, execution, changes);
            _prepared[block.Id] = prepared;
            _applied = prepared;
            return null;
        }
    }

    /// <summary>Commits a decided block with the commit its precommits make: its state durably with the block, then published
    /// (readers see it only now), then the head, the mempool and the evidence pool move on. A block this node finds invalid cannot have been decided by
    /// honest validators: that stops the node rather than follow it.</summary>
    public IReadOnlyList<TxResult> CommitDecision(Decision decision) => Commit((Block)decision.Value, Blocks.Commit.From(decision.Certificate));

    /// <summary><see cref="CommitDecision"/> of a block with its commit (a decision's, or one block sync checked).</summary>
    private IReadOnlyList<TxResult> Commit(Block block, Commit commit)
    {
        lock (_produceLock)
        {
            if (!_prepared.TryGetValue(block.Id, out var prepared))
            {
                if (ValidateProposal(block) is { } error) throw new InvalidOperationException(
                    $"decided block {block.Id} at height {block.Header.Height} is invalid here: {error}");
                prepared = _prepared[block.Id];
            }

            if (!ReferenceEquals(_applied, prepared))
            {
                UndoApplied();
                _state.Stage(prepared.Changes);
            }

            _applied = null;
            var execution = prepared.Execution;
            try
            {
                BeforeCommit?.Invoke(block.Header.Height);
                _store.CommitBlock(block, commit, execution.Results, execution.EndBlockEvents, prepared.Changes);
            }
            catch
            {
                // The node must not run on a state it could not persist: back to the last committed one.
                _state.Unstage();
                _prepared.Clear();
                throw;
            }

            _state.Publish(prepared.Changes, block.Header.Height);
            _head = block.Header;
            _headCommit = commit;
            _prepared.Clear();
            // A sender's transactions after a left-out one can never fit; say so, or their status would be unknown.
            _mempool.Remove(block.Transactions, execution.Excluded.Select(e => e.Tx), orphans => RememberRejections(orphans.Select(t => (t,
                new Rejection(RejectionCodes.NonceFuture,
                    $"dropped: an earlier transaction of this sender was left out of block {block.Header.Height}, so nonce {t.Nonce} is no longer next")))));
            _mempool.RemoveReplaced(block.Transactions, stale =>
                RememberRejections(stale.Select(t => (t, new Rejection(RejectionCodes.NonceReplayed,
                    $"dropped: nonce {t.Nonce} of this sender was used by another of its transactions in block {block.Header.Height}")))));
            _evidence.MarkCommitted(block.Evidence);
            _evidence.PruneBelow(StakingModule.OldestEvidenceHeight(_state));
            BlockCommitted?.Invoke(block, execution.Results, execution.EndBlockEvents);
            return execution.Results;
        }
    }

    /// <summary>Keeps evidence a peer sent or this node's core detected, if a block could carry it (its signatures verify
    /// on this chain and the staking module would punish it now). Null when kept (or already known); otherwise why not.</summary>
    public string? AddEvidence(DuplicateVoteEvidence evidence)
    {
        lock (_produceLock)
        {
            if (evidence.Verify(ChainId) is { } invalid) return invalid;
            // Judged as the first block that may carry it would judge it, on a scratch overlay.
            var info = new BlockInfo(ChainId, Math.Max(Height + 1, evidence.Height + 1), _head?.Time ?? GenesisTime, Address.None);
            var scratch = new StateOverlay(_state);
            if (Runtime.ApplyEvidence(scratch, info, evidence, []) is { } refused) return $"{refused.Code}: {refused.Message}";
            _evidence.Add(evidence);
            return null;
        }
    }

    /// <summary>Applies a block another node committed, with the commit that finalised it, checking everything against
    /// what this node knows and nothing against what the sender says: the commit must carry signatures of more than 2/3 of
    /// the power of the set this node's state names for the height, and the block must pass every rule of
    /// <see cref="ValidateProposal"/> (it links to this node's head, carries a valid commit of it, and re-executes to its
    /// state root). Block sync's path; null once the block is durably committed, otherwise why not (nothing changed).</summary>
    public string? ImportBlock(Block block, Commit commit)
    {
        lock (_produceLock)
        {
            if (commit.Height != block.Header.Height || commit.BlockHash != block.Id) return "the commit is for another block";
            if (commit.Verify(ChainId, AuthModule.Validators(_state)) is { } unsigned) return unsigned;
            if (ValidateProposal(block) is { } invalid) return invalid;
            Commit(block, commit);
            return null;
        }
    }

    private ChainTip Tip() => ChainTip.Of(ChainId, Height, _head?.Hash() ?? GenesisHash, _head?.Time ?? GenesisTime, _state);

    /// <summary>Stages a block's changes in the state's tree for its root; the values stay unpublished.</summary>
    private (IReadOnlyList<KeyValuePair<StateKey, byte[]?>> Changes, Hash32 Root) Stage(BlockExecution execution)
    {
        var started = Stopwatch.GetTimestamp();
        var changes = execution.SortedWrites();
        var root = _state.Stage(changes);
        _stagingCost.Observe(changes.Count, Stopwatch.GetElapsedTime(started));
        return (changes, root);
    }

    private void UndoApplied()
    {
        if (_applied is null) return;
        _state.Unstage();
        _applied = null;
    }
}
