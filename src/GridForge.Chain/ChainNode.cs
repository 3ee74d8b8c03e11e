using System.Text;
using GridForge.Chain.Blocks;
using GridForge.Chain.Production;
using GridForge.Chain.Storage;
using GridForge.Chain.Verification;
using GridForge.Consensus.Validators;
using ValidatorSet = GridForge.Runtime.Modules.Auth.ValidatorSet;
using GridForge.Core.Crypto;
using GridForge.Core.Merkle;
using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Chain;

/// <summary>One validator's chain: the store, the committed state, the mempool and block production.
/// Reads may come from any thread; blocks are produced one at a time.</summary>
public sealed class ChainNode : IDisposable
{
    private readonly BlockStore _store;
    private readonly StateStore _state;
    private readonly Mempool.Mempool _mempool;
    private readonly SigningKey? _validatorKey;
    private readonly Lock _produceLock = new();
    private readonly Dictionary<Hash32, Rejection> _recentRejections = [];
    private readonly Queue<Hash32> _rejectionOrder = new();
    private readonly ChainOptions _options;
    private BlockHeader? _head;
    private Commit? _headCommit;
    // The set that signed the head (its commit, which the next block carries, is checked against it).
    private ValidatorSet? _headValidators;
    // Consensus's proposer priorities for the next height (derived from the validator sets since genesis; kept in the store).
    private ProposerRotation _rotation = null!;
    // Ids of transactions whose signature this node has verified: a signature is checked once per node, whether the
    // transaction comes from a client, a peer's gossip or a peer's block.
    private readonly SeenSet<Hash32> _verified = new(262_144);

    private ChainNode(BlockStore store, StateStore state, ChainRuntime runtime, long genesisTime, Hash32 genesisHash, SigningKey? validatorKey, ChainOptions options)
    {
        _store = store;
        _state = state;
        Runtime = runtime;
        GenesisTime = genesisTime;
        _validatorKey = validatorKey;
        _options = options;
        _mempool = new Mempool.Mempool(options.MempoolMaxCount, options.MempoolMaxBytes, options.MempoolMaxPerAccount);
        GenesisHash = genesisHash;
    }

    public ChainRuntime Runtime { get; }

    /// <summary>The genesis time (block 1 may not precede it). The node keeps only this, the chain id and the
    /// genesis hash in memory: a genesis funding a million accounts need not stay resident.</summary>
    public long GenesisTime { get; }

    public Hash32 GenesisHash { get; }

    public string ChainId => Runtime.ChainId;

    public string DataPath => _store.Path;

    public IState State => _state;

    public StateStore CommittedState => _state;

    public int MempoolCount => _mempool.Count;

    /// <summary>Raised after a block is durably committed (on the producing thread).</summary>
    public event Action<Block, IReadOnlyList<TxResult>, IReadOnlyList<Event>>? BlockCommitted;

    /// <summary>Raised with the transactions a client submission admitted to the mempool (what a node gossips to its peers).</summary>
    public event Action<IReadOnlyList<Transaction>>? Admitted;

    public static Hash32 GenesisHashOf(GenesisDocument genesis) => HashOfJson(genesis.ToJson());

    private static Hash32 HashOfJson(string json) => Hashing.Domain("gridforge genesis", Encoding.UTF8.GetBytes(json));

    /// <summary>True when <paramref name="dataDirectory"/> already holds a chain.</summary>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "chain.db"));

    /// <summary>Opens the chain in <paramref name="dataDirectory"/>, creating it from <paramref name="genesis"/>
    /// when the directory holds none; on restart, reloads the state and checks it against the head's state root.</summary>
    public static ChainNode Open(string dataDirectory, GenesisDocument? genesis, SigningKey? validatorKey, ChainOptions? options = null, ModuleHost? modules = null)
    {
        var store = BlockStore.Open(dataDirectory);
        try
        {
            StateStore state;
            string chainId;
            long genesisTime;
            Hash32 genesisHash;
            if (store.GetMeta("genesis_hash") is not { } storedHash)
            {
                var doc = genesis ?? throw new InvalidOperationException($"{dataDirectory} holds no chain and no genesis was given");
                var runtime0 = new ChainRuntime(doc.ChainId, modules ?? ChainRuntime.StandardModules());
                state = new StateStore();
                var overlay = new StateOverlay(state);
                runtime0.InitGenesis(overlay, doc);
                state.Apply(overlay.SortedWrites());
                var json = doc.ToJson();
                (chainId, genesisTime, genesisHash) = (doc.ChainId, doc.GenesisTime, HashOfJson(json));
                store.InitGenesis(doc, json, genesisHash.ToString(), state.Snapshot());
            }
            else
            {
                genesisHash = Hash32.Parse(storedHash);
                if (genesis is not null && GenesisHashOf(genesis) != genesisHash)
                {
                    throw new InvalidOperationException($"{dataDirectory} holds a chain from another genesis");
                }

                chainId = store.GetMeta("chain_id")!;
                genesisTime = long.Parse(store.GetMeta("genesis_time")!, System.Globalization.CultureInfo.InvariantCulture);
                state = StateStore.Load(store.ReadState());
            }

            var runtime = new ChainRuntime(chainId, modules ?? ChainRuntime.StandardModules());
            var node = new ChainNode(store, state, runtime, genesisTime, genesisHash, validatorKey, options ?? new ChainOptions());
            var height = store.Height;
            var rotation = store.GetMeta("next_rotation") is { } priorities ? Convert.FromHexString(priorities) : null;
            node._rotation = ProposerRotation.Decode(ConsensusSet(AuthModule.Validators(state)), height == 0 ? null : rotation);
            if (height > 0)
            {
                node._head = store.GetBlock(height, runtime.Registry)!.Header;
                node._headCommit = store.GetCommit(height);
                node._headValidators = store.GetMeta("head_validators") is { } signedBy
                    ? ValidatorSet.Decode(Convert.FromHexString(signedBy))
                    : AuthModule.Validators(state) is var current && current.Hash() == node._head.ValidatorSetHash ? current : null;
                if (node._head.StateRoot != state.Root)
                {
                    throw new InvalidDataException($"the stored state's root {state.Root} differs from block {height}'s state root {node._head.StateRoot}");
                }
            }

            return node;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public ulong Height => _head?.Height ?? 0;

    /// <summary>The validators of the next height and their proposer priorities: who proposes in each of its rounds.</summary>
    public ProposerRotation NextRotation
    {
        get { lock (_produceLock) return _rotation; }
    }

    /// <summary>The runtime's validator set (from staking, in state) as the consensus core counts it: same members, same powers.</summary>
    public static GridForge.Consensus.Validators.ValidatorSet ConsensusSet(ValidatorSet validators) =>
        new(validators.Members.Select(v => new GridForge.Consensus.Validators.Validator(v.Address, v.Power)));

    public BlockHeader? Head => _head;

    public Commit? HeadCommit => _headCommit;

    public Block? GetBlock(ulong height) => height == 0 ? null : _store.GetBlock(height, Runtime.Registry);

    public Block? GetBlock(Hash32 hash) => _store.HeightOf(hash) is { } h ? GetBlock(h) : null;

    public Commit? GetCommit(ulong height) => _store.GetCommit(height);

    /// <summary>A block's header and body as stored, undecoded (what a syncing peer is sent).</summary>
    public (byte[] Header, byte[] Body)? GetRawBlock(ulong height) => _store.GetRawBlock(height);

    public byte[]? GetRawCommit(ulong height) => _store.GetRawCommit(height);

    /// <summary>The end-of-block events of a height as JSON.</summary>
    public string GetBlockEvents(ulong height) => _store.GetBlockEvents(height);

    /// <summary>Admits one encoded transaction to the mempool, or says why not.</summary>
    public SubmitResult Submit(ReadOnlySpan<byte> bytes)
    {
        var tx = Runtime.Decode(bytes, _state, out var rejection);
        return tx is null ? new SubmitResult(null, rejection) : Submit(tx);
    }

    public SubmitResult Submit(Transaction tx)
    {
        var rejection = CheckStateless(tx) ?? AddToMempool(tx);
        if (rejection is null) Admitted?.Invoke([tx]);
        return new SubmitResult(tx.Id, rejection);
    }

    /// <summary>Admits a batch: decoding and signature checks run in parallel, admission in order. A transaction already
    /// waiting is answered <c>duplicate</c> before its signature is checked, and a signature this node verified before is
    /// not verified again. <paramref name="announce"/>: raise <see cref="Admitted"/> for what was admitted (a client's
    /// submission; the network layer relays its peers' transactions itself).</summary>
    public IReadOnlyList<SubmitResult> SubmitBatch(IReadOnlyList<byte[]> encoded, bool announce = true) => SubmitBatch(encoded, announce, out _);

    /// <summary><see cref="SubmitBatch(IReadOnlyList{byte[]}, bool)"/> that also hands back the admitted transactions.</summary>
    public IReadOnlyList<SubmitResult> SubmitBatch(IReadOnlyList<byte[]> encoded, bool announce, out IReadOnlyList<Transaction> admitted)
    {
        var decoded = new Transaction?[encoded.Count];
        var rejections = new Rejection?[encoded.Count];
        var maxTxBytes = Runtime.MaxTxBytes(_state);
        Parallel.For(0, encoded.Count, i =>
        {
            var tx = Transaction.DecodeOwned(encoded[i], Runtime.Registry, maxTxBytes, out var r);
            decoded[i] = tx;
            if (tx is not null && r is null && _mempool.Contains(tx.Id)) r = new Rejection(RejectionCodes.Duplicate, "this transaction is already waiting for a block");
            rejections[i] = r ?? (tx is null ? null : CheckStateless(tx));
        });
        var results = new SubmitResult[encoded.Count];
        var accepted = new List<Transaction>();
        for (var i = 0; i < encoded.Count; i++)
        {
            var tx = decoded[i];
            results[i] = tx is null || rejections[i] is not null
                ? new SubmitResult(tx?.Id, rejections[i])
                : new SubmitResult(tx.Id, AddToMempool(tx));
            if (results[i].Accepted) accepted.Add(tx!);
        }

        admitted = accepted;
        if (announce && accepted.Count > 0) Admitted?.Invoke(accepted);
        return results;
    }

    /// <summary>The runtime's stateless checks, with the signature taken as checked when this node verified it before.</summary>
    private Rejection? CheckStateless(Transaction tx)
    {
        if (!tx.SignatureChecked && _verified.Contains(tx.Id)) tx.SignatureChecked = true;
        var rejection = Runtime.CheckStateless(tx);
        if (tx.SignatureChecked) _verified.Add(tx.Id);
        return rejection;
    }

    /// <summary>Takes the signatures of a block's transactions as checked where this node has checked them (waiting in its
    /// mempool, or verified before) and verifies the rest in parallel, so that executing the block checks none again.</summary>
    public void CheckSignatures(IReadOnlyList<Transaction> txs)
    {
        Parallel.For(0, txs.Count, i =>
        {
            var tx = txs[i];
            if (tx.SignatureChecked) return;
            if (_verified.Contains(tx.Id) || _mempool.Find(tx.Id) is not null)
            {
                tx.SignatureChecked = true;
            }
            else if (tx.VerifySignature())
            {
                tx.SignatureChecked = true;
                _verified.Add(tx.Id);
            }
        });
    }

    // A committed transaction needs no lookup here: its nonce is used, so it fails as nonce_replayed.
    private Rejection? AddToMempool(Transaction tx)
    {
        return _mempool.Add(
            tx,
            (t, expectedNonce) => Runtime.CheckStateful(_state, t, Height + 1, expectedNonce()),
            sender => AuthModule.NextNonce(_state, sender));
    }

    public TxStatus GetTxStatus(Hash32 id)
    {
        if (_store.GetTxResult(id) is { } stored) return new TxStatus(TxStatus.CommittedState, stored, null);
        if (_mempool.Contains(id)) return new TxStatus(TxStatus.Pending, null, null);
        lock (_recentRejections)
        {
            if (_recentRejections.TryGetValue(id, out var r)) return new TxStatus(TxStatus.Rejected, null, r);
        }

        return new TxStatus(TxStatus.Unknown, null, null);
    }

    /// <summary>Builds, executes, signs and durably commits the next block from the mempool: the dev chain's single
    /// validator, which decides alone (round 0, its own precommit as the commit).</summary>
    public (Block Block, IReadOnlyList<TxResult> Results) ProduceBlock(long unixTime)
    {
        var key = _validatorKey ?? throw new InvalidOperationException("this node holds no validator key");
        lock (_produceLock)
        {
            var validators = AuthModule.Validators(_state);
            if (validators.PowerOf(key.Address) == 0)
            {
                throw new InvalidOperationException($"{key.Address} is not a validator of this chain");
            }

            var (block, execution, changes) = Build(key.Address, unixTime, validators);
            var undo = ApplyChanges(changes, out var stateRoot);
            block = block with { Header = block.Header with { StateRoot = stateRoot } };
            var commit = Blocks.Commit.Sign(ChainId, block.Header.Height, 0, block.Hash(), key);
            Store(block, commit, validators, execution, changes, undo);
            return (block, execution.Results);
        }
    }

    /// <summary>The next block from the mempool, executed (its state root not yet computed).</summary>
    private (Block Block, BlockExecution Execution, IReadOnlyList<KeyValuePair<StateKey, byte[]?>> Changes) Build(Address proposer, long unixTime, ValidatorSet validators)
    {
        var height = Height + 1;
        var time = Math.Max(unixTime, _head?.Time ?? GenesisTime);
        var info = new BlockInfo(ChainId, height, time, proposer);
        var maxTxs = Runtime.MaxBlockTxs(_state);
        var execution = BlockExecutor.Execute(Runtime, _state, info, _mempool.Peek(maxTxs), maxTxs, Runtime.MaxBlockBytes(_state));
        var header = new BlockHeader(
            ChainId, height, time,
            _head?.Hash() ?? GenesisHash,
            Block.TransactionsRoot(execution.Included),
            Hash32.Zero,
            proposer,
            validators.Hash(),
            _headCommit?.Hash() ?? Hash32.Zero);
        return (new Block(header, execution.Included, _headCommit, []), execution, execution.Changes.SortedWrites());
    }

    /// <summary>getValue() for consensus: builds the next block for <paramref name="proposer"/> (this node, the round's
    /// proposer) from the mempool and executes it, carrying the head's commit; nothing is committed, and the execution is
    /// kept for <see cref="CommitBlock"/>.</summary>
    public Block ProposeBlock(Address proposer, long unixTime)
    {
        lock (_produceLock)
        {
            var (block, execution, changes) = Build(proposer, unixTime, AuthModule.Validators(_state));
            block = block with { Header = block.Header with { StateRoot = _state.RootWith(changes) } };
            Remember(new PendingBlock(block, execution, changes));
            return block;
        }
    }

    /// <summary>Clock drift allowed between a proposer and the validators judging its block's time.</summary>
    public const long MaxClockDriftSeconds = 30;

    /// <summary>valid(v) for consensus: <paramref name="block"/> may be decided as the next block — its header links to the
    /// head and names this height's validators, it carries a valid commit of the head, its time is not more than
    /// <see cref="MaxClockDriftSeconds"/> past <paramref name="now"/>, it keeps to the block limits, and re-executing it gives
    /// its state root. Null when valid (the execution is kept for <see cref="CommitBlock"/>), else why not.</summary>
    public string? ValidateBlock(Block block, long now)
    {
        lock (_produceLock)
        {
            if (_pending.ContainsKey(block.Hash())) return null;
            if (block.Header.Time > now + MaxClockDriftSeconds) return $"block time {block.Header.Time} is more than {MaxClockDriftSeconds} s ahead of this node's clock";
            if (block.Transactions.Count > Runtime.MaxBlockTxs(_state)) return $"{block.Transactions.Count} transactions; at most {Runtime.MaxBlockTxs(_state)} fit a block";
            var bytes = block.Transactions.Sum(t => (long)t.Encoded.Length);
            if (bytes > Runtime.MaxBlockBytes(_state)) return $"{bytes} bytes of transactions; at most {Runtime.MaxBlockBytes(_state)} fit a block";
            return Execute(block, AuthModule.Validators(_state), out _);
        }
    }

    /// <summary>Commits a decided block with the commit that decided it, from the execution kept by
    /// <see cref="ProposeBlock"/> or <see cref="ValidateBlock"/> (executing it now if there is none). The commit's
    /// signatures were counted by consensus and are not checked again here. Null once durable, else why not.</summary>
    public string? CommitBlock(Block block, Commit commit)
    {
        lock (_produceLock)
        {
            if (block.Header.Height != Height + 1) return $"block {block.Header.Height} is not the next height ({Height + 1})";
            var validators = AuthModule.Validators(_state);
            return Execute(block, validators, out var pending) ?? CommitPending(pending!, commit, validators);
        }
    }

    /// <summary>Applies a block another node committed, with the commit that finalised it, checking everything against
    /// what this node knows and nothing against what the sender says: the commit must carry signatures of more than 2/3 of
    /// the validator set this node computed for the height, the header must link to this node's head and carry a valid
    /// commit of it, and re-executing the transactions must give the header's state root. Returns null once the block is
    /// durably committed, or why it was refused (nothing changed then).</summary>
    public string? ImportBlock(Block block, Commit commit)
    {
        lock (_produceLock)
        {
            var validators = AuthModule.Validators(_state);
            return BlockChecks.Finalises(commit, block, ChainId, validators)
                ?? Execute(block, validators, out var pending)
                ?? CommitPending(pending!, commit, validators);
        }
    }

    /// <summary>A block of the next height, executed over the committed state: its changes and the root they give.</summary>
    private sealed record PendingBlock(Block Block, BlockExecution Execution, IReadOnlyList<KeyValuePair<StateKey, byte[]?>> Changes);

    // Executions of next-height blocks this node proposed or found valid, by hash (a few: one per round at most).
    private readonly Dictionary<Hash32, PendingBlock> _pending = [];
    private readonly Queue<Hash32> _pendingOrder = new();

    private void Remember(PendingBlock pending)
    {
        var hash = pending.Block.Hash();
        if (!_pending.TryAdd(hash, pending)) return;
        _pendingOrder.Enqueue(hash);
        while (_pendingOrder.Count > 16) _pending.Remove(_pendingOrder.Dequeue());
    }

    /// <summary>Checks the header rules, then executes <paramref name="block"/> (or takes its kept execution) and checks the
    /// state root; the caller holds the produce lock.</summary>
    private string? Execute(Block block, ValidatorSet validators, out PendingBlock? pending)
    {
        var hash = block.Hash();
        if (_pending.TryGetValue(hash, out pending)) return null;
        var height = Height + 1;
        var error = BlockChecks.Header(block, ChainId, height, _head?.Hash() ?? GenesisHash, _head?.Time ?? GenesisTime, validators, _headValidators);
        if (error is not null) return error;
        var h = block.Header;
        CheckSignatures(block.Transactions);
        var execution = BlockExecutor.Execute(Runtime, _state, new BlockInfo(ChainId, height, h.Time, h.Proposer), block.Transactions, int.MaxValue);
        if (execution.Excluded.Count > 0)
        {
            var (tx, why) = execution.Excluded[0];
            return $"transaction {tx.Id} cannot be in block {height}: {why.Code}: {why.Message}";
        }

        var changes = execution.Changes.SortedWrites();
        var root = _state.RootWith(changes);
        if (root != h.StateRoot) return $"executing block {height} gives state root {root}, not the header's {h.StateRoot}";
        pending = new PendingBlock(block, execution, changes);
        Remember(pending);
        return null;
    }

    private string? CommitPending(PendingBlock pending, Commit commit, ValidatorSet validators)
    {
        var undo = ApplyChanges(pending.Changes, out var root);
        if (root != pending.Block.Header.StateRoot)
        {
            _state.Apply(undo);
            return $"the state root after block {pending.Block.Header.Height} is {root}, not the header's {pending.Block.Header.StateRoot}";
        }

        Store(pending.Block, commit, validators, pending.Execution, pending.Changes, undo);
        return null;
    }

    /// <summary>Applies a block's state changes in memory; returns what the changed keys held (to put back) and the new root.</summary>
    private List<KeyValuePair<StateKey, byte[]?>> ApplyChanges(IReadOnlyList<KeyValuePair<StateKey, byte[]?>> changes, out Hash32 root)
    {
        var undo = changes.Select(c => new KeyValuePair<StateKey, byte[]?>(c.Key, _state.Get(c.Key))).ToList();
        root = _state.Apply(changes);
        return undo;
    }

    /// <summary>Makes an executed block durable and the new head, then tells the mempool and the listeners.</summary>
    private void Store(Block block, Commit commit, ValidatorSet validators, BlockExecution execution,
        IReadOnlyList<KeyValuePair<StateKey, byte[]?>> changes, List<KeyValuePair<StateKey, byte[]?>> undo)
    {
        var nextRotation = _rotation.Next(ConsensusSet(AuthModule.Validators(_state)));
        try
        {
            _store.CommitBlock(block, commit, execution.Results, execution.EndBlockEvents, changes,
            [
                new("head_validators", Convert.ToHexStringLower(validators.Encode())),
                new("next_rotation", Convert.ToHexStringLower(nextRotation.EncodePriorities())),
            ]);
        }
        catch
        {
            // The node must not run on a state it could not persist: back to the last committed one.
            _state.Apply(undo);
            throw;
        }

        var height = block.Header.Height;
        _head = block.Header;
        _headCommit = commit;
        _headValidators = validators;
        _rotation = nextRotation;
        _pending.Clear();
        _pendingOrder.Clear();
        RememberRejections(execution.Excluded);
        // A sender's transactions after a left-out one can never fit; say so, or their status would be unknown.
        var orphans = _mempool.Remove(execution.Included, execution.Excluded.Select(e => e.Tx));
        RememberRejections(orphans.Select(t => (t, new Rejection(RejectionCodes.NonceFuture,
            $"dropped: an earlier transaction of this sender was left out of block {height}, so nonce {t.Nonce} is no longer next"))));
        BlockCommitted?.Invoke(block, execution.Results, execution.EndBlockEvents);
    }

    private void RememberRejections(IEnumerable<(Transaction Tx, Rejection Reason)> excluded)
    {
        lock (_recentRejections)
        {
            foreach (var (tx, reason) in excluded)
            {
                if (_recentRejections.TryAdd(tx.Id, reason)) _rejectionOrder.Enqueue(tx.Id);
                while (_rejectionOrder.Count > _options.RecentRejectionsKept) _recentRejections.Remove(_rejectionOrder.Dequeue());
            }
        }
    }

    /// <summary>A state value with its proof against the head block's state root.</summary>
    public (byte[]? Value, SmtProof Proof, Hash32 Root, ulong Height) Prove(StateKey key)
    {
        lock (_produceLock)
        {
            var (value, proof, root) = _state.Prove(key);
            return (value, proof, root, Height);
        }
    }

    public void Dispose() => _store.Dispose();
}
