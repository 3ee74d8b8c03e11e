using System.Text;
using GridForge.Chain.Blocks;
using GridForge.Chain.Mempool;
using GridForge.Chain.Storage;
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

/// <summary>One node's chain: the store, the committed state, the mempool, the evidence pool and, for a validator, its
/// consensus core (ChainNode.Consensus.cs). Reads may come from any thread and see only durable state: a block's state is
/// built aside (<see cref="StateStore.Stage"/>) and published after its SQLite commit (<see cref="StateStore.Publish"/>);
/// blocks are built, checked and committed one at a time.</summary>
public sealed partial class ChainNode : IDisposable
{
    private readonly BlockStore _store;
    private readonly StateStore _state;
    private readonly Mempool.Mempool _mempool;
    private readonly IReadOnlyList<IPoolRule> _admission;
    private readonly SigningKey? _validatorKey;
    private readonly Lock _produceLock = new();
    // How long staging a block's writes takes here: the share of a proposal's time budget kept for it (under _produceLock).
    private readonly Production.StagingCost _stagingCost = new();
    private readonly Dictionary<Hash32, Rejection> _recentRejections = [];
    private readonly Queue<Hash32> _rejectionOrder = new();
    private readonly ChainOptions _options;
    private BlockHeader? _head;
    private Commit? _headCommit;
    // Ids of transactions whose signature this node has verified: a signature is checked once per node, whether the
    // transaction comes from a client, a peer's gossip or a peer's block.
    private readonly SeenSet<Hash32> _verified = new(262_144);

    private ChainNode(BlockStore store, StateStore state, ChainRuntime runtime, long genesisTime, Hash32 genesisHash, SigningKey? validatorKey,
        ChainOptions options)
    {
        _signStateStore = options.SignStateStore ?? FileSignStateStore.In(System.IO.Path.GetDirectoryName(store.Path)!);
        _store = store;
        _state = state;
        Runtime = runtime;
        GenesisTime = genesisTime;
        _validatorKey = validatorKey;
        _options = options;
        _mempool = new Mempool.Mempool(options.MempoolMaxCount, options.MempoolMaxBytes);
        _admission = AdmissionRules.Standard(options.MempoolMaxCount, options.MempoolMaxBytes, options.MempoolMaxPerAccount, runtime, state, () => Height + 1);
        GenesisHash = genesisHash;
    }

    public ChainRuntime Runtime { get; }

    /// <summary>The lock that builds, judges and commits blocks one at a time (tests hold it to make a proposer wait).</summary>
    internal Lock ProduceLock => _produceLock;

    internal Production.StagingCost StagingCost => _stagingCost;

    /// <summary>The genesis time (block 1 may not precede it). The node keeps only this, the chain id and the
    /// genesis hash in memory: a genesis funding a million accounts need not stay resident.</summary>
    public long GenesisTime { get; }

    public Hash32 GenesisHash { get; }

    public string ChainId => Runtime.ChainId;

    public string DataPath => _store.Path;

    /// <summary>The published state (durable, height <see cref="StateStore.Height"/>): for single-key reads. A read that combines
    /// several keys opens a view (<see cref="OpenView"/>) so that all of them come from one height.</summary>
    public IState State => _state;

    public StateStore CommittedState => _state;

    /// <summary>A view of the published state pinned to its height until disposed: what every API request reads.</summary>
    public StateView OpenView() => _state.OpenView();

    public int MempoolCount => _mempool.Count;

    /// <summary>The nonce a transaction of <paramref name="sender"/> signed now should carry: after its transactions waiting in this
    /// node's mempool, or its next nonce in the latest state when none waits. The mempool is read first: a block publishes its state
    /// before its transactions leave the mempool, so one of the two reads always holds them (read the other way round, or with a
    /// reader's older state, a commit in between hides both). Never behind the state any reader holds: the latest is at least it.</summary>
    public ulong NextNonceAfterWaiting(Address sender)
    {
        var waiting = _mempool.NextNonce(sender) ?? 0;
        return Math.Max(waiting, AuthQueries.NextNonce(_state, sender));
    }

    /// <summary>The mempool, for its sizes and limits (admission goes through <see cref="Submit(Transaction)"/>).</summary>
    public Mempool.Mempool Mempool => _mempool;

    /// <summary>What admission let in and refused since the node started.</summary>
    public Mempool.AdmissionCounts Admission { get; } = new();

    /// <summary>How long the last block's SQLite commit took.</summary>
    public TimeSpan LastCommitDuration => _store.LastCommitDuration;

    /// <summary>Test hook: runs on the producing thread once a block is executed and its root staged, just before it is written,
    /// with its height; what reads the node there must not see the block; throwing is a commit that fails there.</summary>
    internal Action<ulong>? BeforeCommit { get; set; }

    /// <summary>Raised after a block is durably committed and its state published (on the producing thread).</summary>
    public event Action<Block, IReadOnlyList<TxResult>, IReadOnlyList<Event>>? BlockCommitted;

    /// <summary>Raised with the transactions a client submission admitted to the mempool (what a node gossips to its peers).</summary>
    public event Action<IReadOnlyList<Transaction>>? Admitted;

    public static Hash32 GenesisHashOf(GenesisDocument genesis) => HashOfJson(genesis.ToJson());

    private static Hash32 HashOfJson(string json) => Hashing.Domain("gridforge genesis", Encoding.UTF8.GetBytes(json));

    /// <summary>True when <paramref name="dataDirectory"/> already holds a chain.</summary>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "chain.db"));

    /// <summary>Opens the chain in <paramref name="dataDirectory"/>, creating it from <paramref name="genesis"/>
    /// when the directory holds none; on restart, reloads the state and checks it against the head's state root.</summary>
    public static ChainNode Open(string dataDirectory, GenesisDocument? genesis, SigningKey? validatorKey, ChainOptions? options = null, ModuleHost? modules =
        null)
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
                state = new ChainRuntime(doc.ChainId, modules ?? ChainRuntime.StandardModules()).GenesisState(doc);
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
                state = StateStore.Load(store.ReadState(), store.Height);
            }

            var runtime = new ChainRuntime(chainId, modules ?? ChainRuntime.StandardModules());
            var node = new ChainNode(store, state, runtime, genesisTime, genesisHash, validatorKey, options ?? new ChainOptions());
            var height = store.Height;
            if (height > 0)
            {
                node._head = store.GetBlock(height, runtime.Registry)!.Header;
                node._headCommit = store.GetCommit(height);
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
        return tx is null ? Admission.Count(new SubmitResult(null, rejection)) : Submit(tx);
    }

    public SubmitResult Submit(Transaction tx)
    {
        var rejection = CheckStateless(tx) ?? AddToMempool(tx);
        if (rejection is null) Admitted?.Invoke([tx]);
        return Admission.Count(new SubmitResult(tx.Id, rejection));
    }

    /// <summary>Admits a batch: decoding and signature checks run in parallel, admission in order. A transaction already
    /// waiting is answered <c>duplicate</c> before its signature is checked, and a signature this node verified before is
    /// not verified again. <paramref name="announce"/>: raise <see cref="Admitted"/> for what was admitted (a client's
    /// submission; the network layer relays its peers' transactions itself).</summary>
    public IReadOnlyList<SubmitResult> SubmitBatch(IReadOnlyList<byte[]> encoded, bool announce = true) => SubmitBatch(encoded, announce, out _, out _);

    /// <summary><see cref="SubmitBatch(IReadOnlyList{byte[]}, bool)"/> that also hands back the admitted transactions, and
    /// each of <paramref name="encoded"/> decoded (null where it did not decode), so that a caller keeping refused ones
    /// need not decode them again.</summary>
    public IReadOnlyList<SubmitResult> SubmitBatch(IReadOnlyList<byte[]> encoded, bool announce, out IReadOnlyList<Transaction> admitted,
        out IReadOnlyList<Transaction?> decodedTxs)
    {
        var decoded = new Transaction?[encoded.Count];
        var rejections = new Rejection?[encoded.Count];
        var maxTxBytes = Runtime.MaxTxBytes(_state);
        Parallel.For(0, encoded.Count, i =>
        {
            var tx = Transaction.DecodeOwned(encoded[i], Runtime.Registry, maxTxBytes, out var r);
            decoded[i] = tx;
            if (tx is not null && r is null && _mempool.Contains(tx.Id)) r = AdmissionRules.AlreadyWaiting;
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

        Admission.Count(results);
        admitted = accepted;
        decodedTxs = decoded;
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
            if (_verified.Contains(tx.Id) || _mempool.Contains(tx.Id))
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
        return _mempool.Add(tx, _admission, sender => AuthModule.NextNonce(_state, sender));
    }

    public TxStatus GetTxStatus(Hash32 id)
    {
        // Asked in the order a transaction moves on: the mempool first, then where it goes. A block publishes its state (and
        // remembers the ones it orphans) before its transactions leave the mempool, so an admitted transaction is never unknown
        // for a moment (asked the other way round, a block committed between the two looks made it so: a 404 to a client).
        if (_mempool.Contains(id)) return new TxStatus(TxStatus.Pending, null, null);
        // Committed once its block's state is published: a client told so finds the transaction's effects in every read after.
        if (_store.GetTxResult(id) is { } stored && stored.Height <= _state.Height) return new TxStatus(TxStatus.CommittedState, stored, null);
        lock (_recentRejections)
        {
            if (_recentRejections.TryGetValue(id, out var r)) return new TxStatus(TxStatus.Rejected, null, r);
        }

        return new TxStatus(TxStatus.Unknown, null, null);
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
            // A proposal this node keeps staged moved the tree ahead of the published values: prove against what is durable.
            UndoApplied();
            var (value, proof, root) = _state.Prove(key);
            return (value, proof, root, Height);
        }
    }

    public void Dispose() => _store.Dispose();
}
