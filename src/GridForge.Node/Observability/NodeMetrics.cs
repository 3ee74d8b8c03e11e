using System.Diagnostics;
using GridForge.Chain;
using GridForge.Chain.Blocks;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using Prometheus;

namespace GridForge.Node.Observability;

/// <summary>The node's Prometheus metrics (docs/operations.md lists them): one registry per node, updated once per committed
/// block on the producing thread (a few counters, never a lock per transaction) and, for what the node already holds
/// (sizes, backlog), read when Prometheus scrapes. Labels are small closed sets: rejection codes, zones, routes; never an
/// account, order or transaction id.</summary>
public sealed class NodeMetrics
{
    private readonly ChainNode _chain;
    private readonly Gauge _height;
    private readonly Gauge _lastBlockTime;
    private readonly Histogram _interval;
    private readonly Histogram _blockTxs;
    private readonly Histogram _blockReadings;
    private readonly Counter _committed;
    private readonly Counter _readings;
    private readonly Histogram _commitSeconds;
    private readonly Counter _admitted;
    private readonly Counter _refused;
    private readonly Counter _trades;
    private readonly Counter _tradedEnergy;
    private readonly Histogram _roundsPerHeight;
    private readonly Gauge _commitRound;
    private readonly Counter _missed;
    private readonly Counter _signed;
    private readonly Gauge _signedPower;
    private GridForge.Consensus.Validators.ValidatorSet _expectedSigners;
    private long _lastCommitTimestamp;
    // Whether each block's commit says who signed it (the dev chain's one validator), or live votes do (a network validator,
    // see Add(NodeNetwork)), or nothing does (a full node: commits hold only the first precommits over 2/3).
    private bool _signersFromCommits = true;

    public NodeMetrics(ChainNode chain)
    {
        _chain = chain;
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        f.CreateGauge("gridforge_node_info", "Always 1: the node's chain and version as labels", ["chain_id", "version", "dev"])
            .WithLabels(chain.ChainId, typeof(NodeMetrics).Assembly.GetName().Version?.ToString() ?? "0", chain.Runtime.IsDevChain ? "true" : "false").Set(1);
        _height = f.CreateGauge("gridforge_chain_height", "Height of the latest committed block");
        _lastBlockTime = f.CreateGauge("gridforge_block_last_commit_timestamp_seconds", "Wall-clock time (Unix seconds) this node last committed a block");
        _interval = f.CreateHistogram("gridforge_block_interval_seconds", "Wall-clock time between consecutive blocks this node committed",
            new HistogramConfiguration { Buckets = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60] });
        double[] counts = [0, 1, 10, 100, 1_000, 5_000, 10_000, 20_000, 50_000, 100_000];
        _blockTxs = f.CreateHistogram("gridforge_block_transactions", "Transactions per committed block", new HistogramConfiguration { Buckets = counts });
        _blockReadings = f.CreateHistogram("gridforge_block_readings", "Meter readings accepted per committed block",
            new HistogramConfiguration { Buckets = counts });
        _committed = f.CreateCounter("gridforge_transactions_committed_total", "Transactions committed in blocks, by outcome (a refused one paid its fee)",
            ["outcome"]);
        _readings = f.CreateCounter("gridforge_readings_accepted_total", "Meter readings accepted into blocks");
        _commitSeconds = f.CreateHistogram("gridforge_block_commit_seconds", "Time to write a block and its state changes to SQLite and make them durable",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 13) });
        _admitted = f.CreateCounter("gridforge_admission_admitted_total", "Transactions admitted to the mempool");
        _refused = f.CreateCounter("gridforge_admission_refused_total", "Transactions refused at admission, by rejection code", ["code"]);
        _trades = f.CreateCounter("gridforge_market_trades_total", "Market trades, by the buyer's and the seller's zone", ["buy_zone", "sell_zone"]);
        // Joules, Prometheus's base unit for energy: the chain's Wh × 3600, exactly.
        _tradedEnergy = f.CreateCounter("gridforge_market_traded_energy_joules_total",
            "Energy traded on the market (joules; 1 Wh = 3600 J), by the buyer's and the seller's zone",
            ["buy_zone", "sell_zone"]);

        // From each decided block's commit (the n = 1 dev chain's and the network's alike): the round it was decided in, and which
        // validators of the set that decided it signed it. Labelled by validator address: a set of at most a few hundred.
        _roundsPerHeight = f.CreateHistogram("gridforge_consensus_rounds_per_height", "Consensus rounds a height took (1: decided in its first round)",
            new HistogramConfiguration { Buckets = [1, 2, 3, 4, 6, 8, 12, 16] });
        _commitRound = f.CreateGauge("gridforge_consensus_last_commit_round", "The round the latest block was decided in (0: the first)");
        _missed = f.CreateCounter("gridforge_validator_missed_blocks_total",
            "Blocks whose commit lacks this validator's precommit although it was in the set that decided them", ["validator"]);
        _signed = f.CreateCounter("gridforge_validator_signed_blocks_total", "Blocks whose commit holds this validator's precommit", ["validator"]);
        _signedPower = f.CreateGauge("gridforge_consensus_last_commit_signed_power_ratio",
            "Share of the deciding set's voting power whose precommits are in the latest block's commit (over 2/3 by construction; near it, one more " +
            "validator lost stops the chain)");
        _expectedSigners = chain.NextRotation.Set;

        var mempoolTxs = f.CreateGauge("gridforge_mempool_transactions", "Transactions waiting in the mempool");
        var mempoolBytes = f.CreateGauge("gridforge_mempool_bytes", "Encoded size of the transactions waiting in the mempool");
        var mempoolMaxTxs = f.CreateGauge("gridforge_mempool_max_transactions", "The mempool's limit on waiting transactions (node option)");
        var mempoolMaxBytes = f.CreateGauge("gridforge_mempool_max_bytes", "The mempool's limit on waiting bytes (node option)");
        var stateKeys = f.CreateGauge("gridforge_state_keys", "Keys in the committed state");
        var dbBytes = f.CreateGauge("gridforge_storage_database_bytes", "Size of the SQLite database with its write-ahead log");
        var fsAvail = f.CreateGauge("gridforge_storage_filesystem_avail_bytes", "Bytes available to the node on the data directory's filesystem");
        var fsSize = f.CreateGauge("gridforge_storage_filesystem_size_bytes", "Size of the data directory's filesystem");
        var pending = f.CreateGauge("gridforge_settlement_pending_slots", "Closed delivery slots waiting to be settled");
        var overdue = f.CreateGauge("gridforge_settlement_overdue_slots",
            "Slots whose metering window has closed but which are not settled yet (the settlement backlog)");
        var stopped = f.CreateGauge("gridforge_block_production_stopped",
            "1 when block production stopped on an error (the node serves reads but makes no blocks)");
        // A handler or end-of-block item that threw is contained (the block goes on) but is a bug worth an alert; the place, which
        // names a transaction, is in the log (event 1102), not in a label.
        var contained = f.CreateCounter("gridforge_runtime_contained_failures_total",
            "Failures of a module's handler or end-of-block item the runtime contained (a bug: see log event 1102)");
        chain.Runtime.Modules.FailureObserved += (_, _) => contained.Inc();
        RuntimeMetrics.Register(Registry);

        Registry.AddBeforeCollectCallback(() =>
        {
            _height.Set(_chain.Height);
            var pool = _chain.Mempool;
            mempoolTxs.Set(pool.Count);
            mempoolBytes.Set(pool.Bytes);
            mempoolMaxTxs.Set(pool.MaxCount);
            mempoolMaxBytes.Set(pool.MaxBytes);
            _admitted.IncTo(_chain.Admission.Admitted);
            foreach (var (code, count) in _chain.Admission.Refused()) _refused.WithLabels(code).IncTo(count);
            stateKeys.Set(_chain.CommittedState.Count);
            var db = _chain.DataPath;
            dbBytes.Set(FileSize(db) + FileSize(db + "-wal"));
            if (StorageProbe.Filesystem(Path.GetDirectoryName(db)!) is { } fs)
            {
                fsAvail.Set(fs.Available);
                fsSize.Set(fs.Size);
            }

            var (waiting, late) = SettlementBacklog();
            pending.Set(waiting);
            overdue.Set(late);
            stopped.Set(ProductionStopped?.Invoke() == true ? 1 : 0);
        });
        chain.BlockCommitted += OnBlockCommitted;
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Tells whether block production has stopped on an error (set by the host that runs it).</summary>
    public Func<bool>? ProductionStopped { get; set; }

    /// <summary>Wall-clock time since this node last committed a block; null before its first.</summary>
    public TimeSpan? SinceLastBlock => Interlocked.Read(ref _lastCommitTimestamp) is var t and not 0 ? Stopwatch.GetElapsedTime(t) : null;

    /// <summary>The factory for metrics other parts of the node (the API, gateways) add to this registry.</summary>
    public IMetricFactory Factory => Metrics.WithCustomRegistry(Registry);

    /// <summary>Adds the MQTT gateway's metrics: its durable queue's depth, its link, and what it received, queued and
    /// forwarded (docs/meters-mqtt.md).</summary>
    public void Add(Mqtt.MqttGateway gateway)
    {
        var f = Factory;
        var held = f.CreateGauge("gridforge_mqtt_queue_depth",
            "Readings the MQTT gateway holds durably: queued, in transactions, or awaiting their outcome's publication");
        var connected = f.CreateGauge("gridforge_mqtt_connected", "1 while the gateway is connected to its broker (always 1 with the embedded broker)");
        var clients = f.CreateGauge("gridforge_mqtt_clients", "Clients connected to the embedded broker");
        var received = f.CreateCounter("gridforge_mqtt_publishes_received_total", "Publishes the gateway received on reading topics");
        var queued = f.CreateCounter("gridforge_mqtt_readings_queued_total", "Readings written to the gateway's durable queue");
        var judged = f.CreateCounter("gridforge_mqtt_readings_judged_total", "Readings the chain accepted or refused through the gateway's transactions",
            ["outcome"]);
        var dropped = f.CreateCounter("gridforge_mqtt_publishes_dropped_total", "Publishes the gateway dropped without cost, by code", ["code"]);
        var stats = gateway.Stats;
        Registry.AddBeforeCollectCallback(() =>
        {
            held.Set(gateway.Held);
            connected.Set(gateway.Connected ? 1 : 0);
            clients.Set(gateway.Clients);
            received.IncTo(stats.Received);
            queued.IncTo(stats.Queued);
            judged.WithLabels("accepted").IncTo(stats.Accepted);
            judged.WithLabels("refused").IncTo(stats.Refused);
            foreach (var (code, n) in stats.Dropped) dropped.WithLabels(code).IncTo(n);
        });
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private (int Pending, int Overdue) SettlementBacklog()
    {
        var state = _chain.State;
        var slots = SettlementQueries.Pending(state);
        if (slots.Count == 0 || _chain.Head is not { } head) return (slots.Count, 0);
        var overdue = 0;
        foreach (var slot in slots)
        {
            if (MeteringQueries.WindowClosesAt(state, new SlotId(slot)) <= head.Time) overdue++;
        }

        return (slots.Count, overdue);
    }

    // On the producing thread, once per block: one pass over the block's events, counters added once.
    private void OnBlockCommitted(Block block, IReadOnlyList<TxResult> results, IReadOnlyList<Event> endBlockEvents)
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Exchange(ref _lastCommitTimestamp, now);
        if (last != 0) _interval.Observe(Stopwatch.GetElapsedTime(last, now).TotalSeconds);
        _lastBlockTime.SetToCurrentTimeUtc();
        _height.Set(block.Header.Height);
        _commitSeconds.Observe(_chain.LastCommitDuration.TotalSeconds);
        var refused = 0;
        long readings = 0;
        foreach (var r in results)
        {
            if (!r.Success) refused++;
            foreach (var e in r.Events) readings += Count(e);
        }

        foreach (var e in endBlockEvents) readings += Count(e);
        _blockTxs.Observe(results.Count);
        _blockReadings.Observe(readings);
        if (results.Count > refused) _committed.WithLabels("success").Inc(results.Count - refused);
        if (refused > 0) _committed.WithLabels("refused").Inc(refused);
        if (readings > 0) _readings.Inc(readings);
        CountSigners();
    }

    /// <summary>The commit of the block just committed against the set that decided it (the next height's, read before this block
    /// changed it, is kept for the next call).</summary>
    private void CountSigners()
    {
        if (_chain.HeadCommit is not { } commit) return;
        _roundsPerHeight.Observe(commit.Round + 1);
        _commitRound.Set(commit.Round);
        var signers = commit.Signatures.Select(s => s.Validator).ToHashSet();
        ulong signedPower = 0;
        foreach (var member in _expectedSigners.Members)
        {
            if (signers.Contains(member.Address)) signedPower += member.Power;
        }

        if (_expectedSigners.TotalPower > 0) _signedPower.Set((double)signedPower / _expectedSigners.TotalPower);
        if (_signersFromCommits) CountParticipation(_expectedSigners, signers);
        _expectedSigners = _chain.NextRotation.Set;
    }

    /// <summary>One decided height: each member of the set that decided it signed it (or, on a network validator, voted at it as
    /// far as this node saw) or missed it.</summary>
    private void CountParticipation(GridForge.Consensus.Validators.ValidatorSet set, IReadOnlySet<Address> participated)
    {
        foreach (var member in set.Members)
        {
            (participated.Contains(member.Address) ? _signed : _missed).WithLabels(member.Address.ToString()).Inc();
        }
    }

    /// <summary>Adds the network's metrics of a node run from its home (docs/operations.md): peers by direction and the
    /// readiness minimum, bans, sync, and on a validator the live round and step, the votes peers sent by type and outcome,
    /// the power in reach, and — instead of the commits' signatures, which on a network hold only the first precommits over
    /// 2/3 — each validator's participation in every height this validator's consensus worked on. Block production
    /// "stopped" is consensus stopped on an error.</summary>
    public void Add(NodeNetwork node)
    {
        var f = Factory;
        var network = node.Network;
        var peers = f.CreateGauge("gridforge_p2p_peers", "Connected peers (authenticated links), by which side opened the link", ["direction"]);
        var minPeers = f.CreateGauge("gridforge_p2p_min_peers", "The least connected peers the node needs to be ready (p2p.min_peers)");
        var bans = f.CreateCounter("gridforge_p2p_peer_bans_total", "Peers banned for sending what no honest node sends");
        var best = f.CreateGauge("gridforge_sync_best_peer_height", "The highest height a connected peer reports");
        var imported = f.CreateCounter("gridforge_sync_blocks_imported_total", "Blocks this node took from peers by block sync (each checked and re-executed)");
        var gossipDropped = f.CreateCounter("gridforge_p2p_tx_gossip_dropped_total",
            "Transactions of gossip dropped under load: received (admission of peers' batches was behind) or sent (a peer's queue was full)",
            ["side"]);
        var futureKept = f.CreateGauge("gridforge_p2p_tx_gossip_future_kept",
            "Peers' transactions kept because they arrived before their sender's earlier nonce (admitted once it comes)");
        minPeers.Set(node.MinPeers);
        Registry.AddBeforeCollectCallback(() =>
        {
            peers.WithLabels("inbound").Set(node.Peers(Network.Peers.LinkDirection.Inbound));
            peers.WithLabels("outbound").Set(node.Peers(Network.Peers.LinkDirection.Outbound));
            bans.IncTo(network.Peers.BansTotal);
            best.Set(network.Sync.BestPeerHeight);
            imported.IncTo(network.Sync.Imported);
            gossipDropped.WithLabels("received").IncTo(network.Txs.DroppedReceived);
            gossipDropped.WithLabels("sent").IncTo(network.Txs.DroppedSent);
            futureKept.Set(network.Txs.FutureKept);
        });

        if (node.Consensus is not { } consensus)
        {
            _signersFromCommits = false;
            return;
        }

        var height = f.CreateGauge("gridforge_consensus_height", "The height consensus works on (0 until this validator has caught up and joined)");
        var round = f.CreateGauge("gridforge_consensus_round", "The round of the height in progress (0: its first)");
        var step = f.CreateGauge("gridforge_consensus_step", "1 for the step the round in progress is at, 0 for the others", ["step"]);
        var votes = f.CreateCounter("gridforge_consensus_votes_received_total",
            "Votes peers sent, by type and what became of them (accepted, duplicate, other_height, not_validator, bad_signature)",
            ["type", "outcome"]);
        var inReach = f.CreateGauge("gridforge_consensus_power_in_reach_ratio",
            "Share of the validator set's power whose votes reached this node in the last 15 s, its own included");
        var quorum = f.CreateGauge("gridforge_consensus_quorum_in_reach",
            "1 when the validators in reach hold more than 2/3 of the power (a commit can be made), else 0");
        Registry.AddBeforeCollectCallback(() =>
        {
            height.Set(consensus.Height);
            round.Set(consensus.Round);
            var at = consensus.Step;
            foreach (var s in Enum.GetValues<GridForge.Consensus.Engine.Step>()) step.WithLabels(s.ToString().ToLowerInvariant()).Set(s == at ? 1 : 0);
            foreach (var (type, outcome, count) in consensus.VotesReceived()) votes.WithLabels(type, outcome).IncTo(count);
            if (node.Reach() is { } reach)
            {
                inReach.Set(reach.Total == 0 ? 0 : (double)reach.InReach / reach.Total);
                quorum.Set(reach.Quorum ? 1 : 0);
            }
        });
        _signersFromCommits = false;
        consensus.HeightClosed += (_, set, voted) => CountParticipation(set, voted);
    }

    /// <summary>Counts a trade into its zones; returns the readings an event accepted (0 for any other event).</summary>
    private long Count(Event e)
    {
        switch (e.Kind)
        {
            case MarketEvents.Trade when e.Decode() is TradeExecuted trade:
                _trades.WithLabels(trade.BuyZone.Name, trade.SellZone.Name).Inc();
                _tradedEnergy.WithLabels(trade.BuyZone.Name, trade.SellZone.Name).Inc(trade.Quantity * 3600.0);
                return 0;
            case MeteringEvents.ReadingsAccepted when e.Decode() is ReadingsAccepted accepted:
                return accepted.Count;
            default:
                return 0;
        }
    }
}
