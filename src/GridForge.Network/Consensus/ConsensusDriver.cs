using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using GridForge.Chain;
using GridForge.Consensus.Engine;
using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using GridForge.Runtime.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ProtoSignedVote = GridForge.Network.Protocol.SignedVote;
using SignedProposal = GridForge.Consensus.Messages.SignedProposal;
using SignedVote = GridForge.Consensus.Messages.SignedVote;
using Block = GridForge.Chain.Blocks.Block;
using ValidatorSet = GridForge.Consensus.Validators.ValidatorSet;
using VoteType = GridForge.Consensus.Messages.VoteType;

namespace GridForge.Network.Consensus;

/// <summary>A validator's consensus on the network: the pure <see cref="ConsensusCore"/> (from <see cref="ChainNode.CreateCore"/>,
/// with the validator's double-sign guard) driven by one loop thread, with the chain as its application (getValue =
/// <see cref="ChainNode.BuildProposal"/>, valid(v) = <see cref="ChainNode.ValidateProposal"/> and a bound on clock drift,
/// a decision = <see cref="ChainNode.CommitDecision"/>, evidence = <see cref="ChainNode.AddEvidence"/>, gossiped too) and
/// the peer links as its network. Peers' proposals and votes are
/// checked on the links' threads (height window, membership, signature through the shared <see cref="VerdictCache"/>)
/// before they are relayed to peers not known to hold them and queued for the core; a message with a bad signature is
/// garbage. Every second the loop sends each peer at this height the proposals and votes it is not known to hold, which
/// is how a restarted or lagging validator gets what it missed. A height starts one block interval after the previous one
/// started (or at once when consensus took longer) — a height counting as started when this node started it or first heard
/// a peer's valid proposal or vote of it, whichever came first — and at once when block sync brought the chain further.</summary>
public sealed class ConsensusDriver : IConsensusGossip, IAsyncDisposable
{
    private abstract record Input;

    private sealed record ProposalInput(SignedProposal Proposal, Block Value) : Input;

    private sealed record VoteInput(SignedVote Vote) : Input;

    private sealed record TimeoutInput(RoundTimeout Timeout) : Input;

    private sealed record StartInput : Input;

    private sealed record CatchUpInput : Input;

    private sealed record EvidenceInput(DuplicateVoteEvidence Evidence, Peer From) : Input;

    /// <summary>A compact proposal whose block lacks the transactions at <see cref="Missing"/>, asked of <see cref="From"/>
    /// (and, if it does not answer, of <see cref="Others"/> that sent the same proposal).</summary>
    private sealed class PendingBlock(SignedProposal proposal, Block shell, Hash32[] ids, Transaction?[] txs, int[] missing, Peer from, long asked)
    {
        public SignedProposal Proposal { get; } = proposal;
        public Block Shell { get; } = shell;
        public Hash32[] Ids { get; } = ids;
        public Transaction?[] Txs { get; } = txs;
        public int[] Missing { get; } = missing;
        public Peer From { get; set; } = from;
        public long Asked { get; set; } = asked;
        public List<Peer> Others { get; } = [];
    }

    /// <summary>Peers' blocks of the heights in progress kept to serve their transactions.</summary>
    private const int MaxServedBlocks = 64;

    /// <summary>Compact proposals waiting for transactions at once (beyond, the oldest is forgotten).</summary>
    private const int MaxPendingBlocks = 16;

    /// <summary>How long a peer asked for a block's transactions has to answer before another peer is asked.</summary>
    private static readonly TimeSpan BlockTxsTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Where the core stands, for the links' threads (replaced as a whole after every input).</summary>
    private sealed record Position(ulong Height, int Round, Step Step, ValidatorSet Set);

    private readonly ChainNode _chain;
    private readonly ChainNetwork _network;
    private readonly ConsensusCore _core;
    private readonly VerdictCache _verifier;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    // Timeouts, starts and catch-ups are never dropped; peers' messages are, when the loop is far behind (they come again).
    private readonly Channel<Input> _internal = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Input> _external = Channel.CreateBounded<Input>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SeenSet<(Address, Vote)> _seenVotes = new(100_000);
    private readonly SeenSet<(ulong, int, Hash32)> _seenProposals = new(10_000);
    // Blocks proposed at the heights in progress (this node's and peers' it took), by id: what peers that got a compact
    // proposal fetch missing transactions from.
    private readonly ConcurrentDictionary<Hash32, Block> _blocks = new();
    // Compact proposals waiting for transactions asked of a peer, by (height, round, block): at most MaxPendingBlocks.
    private readonly Dictionary<(ulong Height, int Round, Hash32 Block), PendingBlock> _pending = [];
    private readonly List<DuplicateVoteEvidence> _evidence = [];
    private readonly CancellationTokenSource _stop = new();
    private volatile Position _position = new(0, 0, Step.Propose, ValidatorSet.Empty);
    private long _heightStarted;
    // When the first valid proposal or vote of a height after the core's reached this node: the others started it then.
    private (ulong Height, long At) _aheadSince;
    // Votes received from peers, by type (prevote, precommit) and outcome (VoteOutcomes), for the node's metrics.
    private readonly long[] _votesReceived = new long[2 * VoteOutcomes.Count];
    // Each validator's latest vote that reached this node (checked and counted): its height and when it arrived.
    private readonly Dictionary<Address, (ulong Height, long At)> _heard = [];
    private ulong _committing;
    // Where the height in progress spent the loop's time (Stopwatch ticks), for its log line when it is decided.
    private long _buildTicks, _judgeTicks, _judged;
    private Task? _loop;
    private Task? _ticker;

    private ConsensusDriver(ChainNode chain, ChainNetwork network, ILogger log, TimeProvider clock)
    {
        _chain = chain;
        _network = network;
        _verifier = new VerdictCache();
        _core = chain.CreateCore(_verifier) ?? throw new InvalidOperationException("consensus needs the node's validator key");
        _log = log;
        _clock = clock;
    }

    /// <summary>Starts the validator's consensus (the chain must hold its validator key) once the node has caught up with
    /// its peers.</summary>
    public static ConsensusDriver Start(ChainNode chain, ChainNetwork network, ILogger? log = null, TimeProvider? clock = null)
    {
        var driver = new ConsensusDriver(chain, network, log ?? NullLogger.Instance, clock ?? TimeProvider.System);
        network.Attach(driver);
        network.Sync.DeferToConsensus = true;
        chain.BlockCommitted += driver.OnBlockCommitted;
        driver._loop = Task.Run(driver.RunAsync);
        driver._ticker = Task.Run(driver.TickAsync);
        return driver;
    }

    /// <summary>The height consensus works on (0 before it joined).</summary>
    public ulong Height => _position.Height;

    public int Round => _position.Round;

    /// <summary>The step of the round in progress (propose, prevote, precommit).</summary>
    public Step Step => _position.Step;

    /// <summary>What became of the votes peers sent, by the label the node's metrics give it: <c>accepted</c> (new, by a
    /// validator of the height, signature valid: counted and relayed), <c>duplicate</c> (held already), <c>other_height</c>
    /// (not this height or the next, or consensus has not joined yet), <c>not_validator</c>, <c>bad_signature</c> (the
    /// peer is banned).</summary>
    public static readonly IReadOnlyList<string> VoteOutcomes = ["accepted", "duplicate", "other_height", "not_validator", "bad_signature"];

    /// <summary>Votes received from peers since start: (type <c>prevote</c>/<c>precommit</c>, outcome, count) for every pair.</summary>
    public IEnumerable<(string Type, string Outcome, long Count)> VotesReceived()
    {
        for (var t = 0; t < 2; t++)
        {
            for (var o = 0; o < VoteOutcomes.Count; o++) yield return (t == 0 ? "prevote" : "precommit", VoteOutcomes[o],
                Interlocked.Read(ref _votesReceived[(t * VoteOutcomes.Count) + o]));
        }
    }

    private void CountVote(VoteType type, int outcome) =>
        Interlocked.Increment(ref _votesReceived[((type == VoteType.Prevote ? 0 : 1) * VoteOutcomes.Count) + outcome]);

    private void Heard(Address validator, ulong height)
    {
        lock (_heard)
        {
            var at = _clock.GetTimestamp();
            _heard[validator] = (_heard.TryGetValue(validator, out var was) ? Math.Max(was.Height, height) : height, at);
            HeardAhead(height, at);
        }
    }

    /// <summary>Notes the first valid message of a height beyond the one consensus works on (call under the lock of _heard).</summary>
    private void HeardAhead(ulong height, long at)
    {
        if (height > _position.Height && height > _aheadSince.Height) _aheadSince = (height, at);
    }

    /// <summary>The voting power of the set consensus works with whose votes reached this node within <paramref name="window"/>
    /// (relayed or direct: what counts is that its messages get here), this validator's own power included; and the set's
    /// total; (0, 0) before consensus has joined (it knows no set yet).</summary>
    public (ulong InReach, ulong Total) PowerInReach(TimeSpan window)
    {
        var set = _position.Set;
        var self = _chain.ValidatorAddress;
        ulong inReach = 0;
        lock (_heard)
        {
            foreach (var member in set.Members)
            {
                if (member.Address == self || (_heard.TryGetValue(member.Address, out var h) && _clock.GetElapsedTime(h.At) <= window)) inReach = checked(
                    inReach + member.Power);
            }
        }

        return (inReach, set.TotalPower);
    }

    /// <summary>Raised on the loop thread when consensus leaves a height it worked on: the height, its validator set, and the
    /// members a vote of which (for that height or a later one) reached this node or that this node is — those that took
    /// part as far as this node can tell; the others missed it.</summary>
    public event Action<ulong, ValidatorSet, IReadOnlySet<Address>>? HeightClosed;

    /// <summary>Equivocations seen (conflicting votes of one validator), oldest first.</summary>
    public IReadOnlyList<DuplicateVoteEvidence> Evidence
    {
        get { lock (_evidence) return [.. _evidence]; }
    }

    /// <summary>Raised (on the loop thread) when this node sees a validator's conflicting votes.</summary>
    public event Action<DuplicateVoteEvidence>? EvidenceFound;

    /// <summary>Signatures of votes and proposals verified so far (each once per node).</summary>
    public long SignatureChecks => _verifier.Checks;

    /// <summary>A fatal error that stopped consensus (a decided block the store could not commit).</summary>
    public Exception? Failure { get; private set; }

    private async Task RunAsync()
    {
        try
        {
            await JoinWhenCaughtUpAsync().ConfigureAwait(false);
            Post(new StartInput());
            while (!_stop.IsCancellationRequested)
            {
                if (_internal.Reader.TryRead(out var input) || _external.Reader.TryRead(out input))
                {
                    Handle(input);
                    continue;
                }

                await _wake.Reader.ReadAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Failure = e;
            _log.LogCritical(NetworkLogEvents.ConsensusStopped, e, "consensus stopped");
        }
    }

    /// <summary>"A node that is new or behind catches up first, then joins": waits while a peer reports blocks this node
    /// lacks (block sync fetches them), and at most a few seconds for a first peer. A peer that claims blocks it never
    /// serves cannot hold the node back for long: after a minute without progress it joins anyway.</summary>
    private async Task JoinWhenCaughtUpAsync()
    {
        var started = _clock.GetTimestamp();
        var lastProgress = (Height: _chain.Height, At: started);
        while (!_stop.IsCancellationRequested)
        {
            var informed = _network.Peers.Peers.Any(p => p.Status is not null);
            if (informed && _network.Sync.BestPeerHeight <= _chain.Height) return;
            if (!informed && _clock.GetElapsedTime(started) > TimeSpan.FromSeconds(3)) return;
            if (_chain.Height != lastProgress.Height) lastProgress = (_chain.Height, _clock.GetTimestamp());
            if (_clock.GetElapsedTime(lastProgress.At) > TimeSpan.FromMinutes(1)) return;
            await Task.Delay(100, _stop.Token).ConfigureAwait(false);
        }
    }

    private async Task TickAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(1_000, _stop.Token).ConfigureAwait(false);
                Post(new CatchUpInput());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Post(Input input)
    {
        _internal.Writer.TryWrite(input);
        _wake.Writer.TryWrite(true);
    }

    private void PostExternal(Input input)
    {
        _external.Writer.TryWrite(input);
        _wake.Writer.TryWrite(true);
    }

    private void Handle(Input input)
    {
        IReadOnlyList<ConsensusOutput> outputs = input switch
        {
            ProposalInput p => _position.Height == 0 ? [] : _core.OnProposal(p.Proposal, p.Value),
            VoteInput v => _position.Height == 0 ? [] : _core.OnVote(v.Vote),
            TimeoutInput t => _core.OnTimeout(t.Timeout),
            StartInput => StartNextHeight(),
            CatchUpInput => CatchUpPeers(),
            EvidenceInput e => KeepEvidenceFrom(e),
            _ => [],
        };
        var before = _position;
        Process(outputs);
        _position = new Position(_core.Height, _core.Round, _core.Step, _core.Validators);
        // A healthy network decides every height in round 0: a later round is worth an operator's eye (it says why).
        if (_core.Height == before.Height && _core.Round > before.Round)
        {
            _log.LogInformation(NetworkLogEvents.RoundChanged, "height {Height}: round {Round} after the {Cause}", _core.Height, _core.Round,
                input is TimeoutInput t ? $"{t.Timeout.Kind.ToString().ToLowerInvariant()} timeout of round {t.Timeout.Round}" : "votes of a later round");
        }
    }

    private IReadOnlyList<ConsensusOutput> KeepEvidenceFrom(EvidenceInput input)
    {
        KeepEvidence(input.Evidence, input.From);
        return [];
    }

    /// <summary>Starts the height after the chain's head (a no-op when the core is there already).</summary>
    private IReadOnlyList<ConsensusOutput> StartNextHeight()
    {
        var height = _chain.Height + 1;
        if (height <= _core.Height) return [];
        if (_core.Height > 0) CloseHeight(_core.Height, _position.Set);
        // The height counts as started when the other validators were first heard working on it, if that was earlier: a
        // validator that joins a height late (it decided the previous one from buffered votes) so starts the next one in
        // step with them instead of staying one interval behind for ever.
        _heightStarted = _clock.GetTimestamp();
        (_buildTicks, _judgeTicks, _judged) = (0, 0, 0);
        lock (_heard)
        {
            if (_aheadSince.Height == height && _aheadSince.At < _heightStarted) _heightStarted = _aheadSince.At;
        }
        foreach (var (id, block) in _blocks)
        {
            if (block.Header.Height < height) _blocks.TryRemove(id, out _);
        }

        lock (_pending)
        {
            foreach (var key in _pending.Keys.Where(k => k.Height < height).ToList()) _pending.Remove(key);
        }

        return _core.StartHeight(height, _chain.NextRotation);
    }

    private void CloseHeight(ulong height, ValidatorSet set)
    {
        if (HeightClosed is not { } closed) return;
        var self = _chain.ValidatorAddress;
        var voted = new HashSet<Address>();
        lock (_heard)
        {
            foreach (var member in set.Members)
            {
                if (member.Address == self || (_heard.TryGetValue(member.Address, out var h) && h.Height >= height)) voted.Add(member.Address);
            }
        }

        closed(height, set, voted);
    }

    private void Process(IReadOnlyList<ConsensusOutput> outputs)
    {
        var queue = new Queue<ConsensusOutput>(outputs);
        var votes = new List<SignedVote>();
        while (queue.TryDequeue(out var output))
        {
            switch (output)
            {
                case BroadcastProposal p:
                    SendProposal(p.Proposal, (Block)p.Value);
                    break;
                case BroadcastVote v:
                    votes.Add(v.Vote);
                    // The core has counted its own vote: a peer's echo of it is a duplicate (not checked, counted or relayed again).
                    _seenVotes.Add((v.Vote.Validator, v.Vote.Vote));
                    break;
                case ScheduleTimeout t:
                    Schedule(t);
                    break;
                case RequestValue r:
                    // A height block sync has committed meanwhile is over: nothing to propose or judge there.
                    var building = Stopwatch.GetTimestamp();
                    var budget = ProposalBudget(r.Round);
                    var block = Moot(r.Height, () => _chain.BuildProposal(r.Height, _clock.GetUtcNow().ToUnixTimeSeconds(), budget));
                    _buildTicks += Stopwatch.GetTimestamp() - building;
                    if (block is null) break;
                    foreach (var o in _core.OnValueToPropose(r.Height, r.Round, block)) queue.Enqueue(o);
                    break;
                case RequestValidity q:
                    if (q.Height != _chain.Height + 1) break;
                    var value = (Block)q.Value;
                    var judging = Stopwatch.GetTimestamp();
                    var error = Judge(value);
                    (_judgeTicks, _judged) = (_judgeTicks + Stopwatch.GetTimestamp() - judging, _judged + 1);
                    if (error is not null)
                    {
                        _log.LogWarning(NetworkLogEvents.ProposalInvalid, "proposal {Hash} at height {Height} is invalid: {Error}",
                            value.Id.ToString()[..12], q.Height, error);
                    }
                    foreach (var o in _core.OnValidity(q.Height, value.Id, error is null)) queue.Enqueue(o);
                    break;
                case Decided d:
                    Commit(d.Decision);
                    break;
                case EvidenceDetected e:
                    _log.LogWarning(NetworkLogEvents.Equivocation, "validator {Validator} signed conflicting {Type}s at height {Height}, round {Round}",
                        e.Evidence.Validator, e.Evidence.Type, e.Evidence.Height, e.Evidence.Round);
                    KeepEvidence(e.Evidence, from: null);
                    break;
            }
        }

        if (votes.Count > 0) SendVotes(votes, except: null);
    }

    /// <summary>Runs a chain step of <paramref name="height"/>, or returns default when block sync committed that height
    /// first (the race is harmless: both paths commit the one block more than 2/3 of the power signed).</summary>
    private T? Moot<T>(ulong height, Func<T> step)
    {
        if (_chain.Height >= height) return default;
        try
        {
            return step();
        }
        catch (InvalidOperationException) when (_chain.Height >= height)
        {
            return default;
        }
    }

    /// <summary>The share of a round's propose timeout a proposer gives building its block (executing it and staging its state,
    /// counted from when it holds the chain's block lock, <see cref="ChainNode.BuildProposal"/>): the validators must receive
    /// the block, fetch what their mempools lack, and run it too (with its signatures and state root) before their own
    /// propose timeout, on machines no faster than the proposer's. Without this bound a backlog makes every block as
    /// large as the chain allows, judging it outlasts the round, and the rounds fail one after another while the backlog
    /// grows (docs/network.md "Block size under load").</summary>
    public const int ProposalBudgetShare = 4;

    private TimeSpan ProposalBudget(int round) =>
        TimeSpan.FromMilliseconds(_core.Timeouts.Duration(TimeoutKind.Propose, round) / ProposalBudgetShare);

    /// <summary>Clock drift allowed between a proposer and the validators judging its block's time.</summary>
    public static readonly TimeSpan MaxClockDrift = TimeSpan.FromSeconds(30);

    /// <summary>valid(v): the chain's rules, and a time not further ahead of this node's clock than <see cref="MaxClockDrift"/>
    /// (a proposer may not date blocks into the future; it may not date them before their parent either, a chain rule).</summary>
    private string? Judge(Block block)
    {
        var latest = _clock.GetUtcNow() + MaxClockDrift;
        if (block.Header.Time > latest.ToUnixTimeSeconds())
        {
            return $"block time {block.Header.Time} is more than {MaxClockDrift.TotalSeconds:0} s ahead of this node's clock";
        }
        return _chain.ValidateProposal(block);
    }

    /// <summary>Evidence this node's core detected or a peer sent: kept for the next block this node proposes (if the staking
    /// module would still punish it) and gossiped to the peers not known to hold it.</summary>
    private void KeepEvidence(DuplicateVoteEvidence evidence, Peer? from)
    {
        var key = evidence.Hash();
        lock (_evidence)
        {
            if (_evidence.Any(e => e.Hash() == key)) return;
            _evidence.Add(evidence);
        }

        if (_chain.AddEvidence(evidence) is { } refused) _log.LogInformation(NetworkLogEvents.EvidenceNotKept,
            "evidence against {Validator} not kept for a block: {Reason}", evidence.Validator, refused);
        EvidenceFound?.Invoke(evidence);
        var envelope = new Envelope { Evidence = new EvidenceMessage { Evidence = Wire.Bytes(evidence.Encode()) } };
        foreach (var peer in _network.Peers.Peers)
        {
            if (peer != from) peer.Send(envelope);
        }
    }

    private void Schedule(ScheduleTimeout t)
    {
        _ = Task.Delay(TimeSpan.FromMilliseconds(t.DelayMs), _clock, _stop.Token).ContinueWith(
            done => { if (!done.IsCanceled) Post(new TimeoutInput(t.Timeout)); }, TaskScheduler.Default);
    }

    private void Commit(Decision decision)
    {
        var block = (Block)decision.Value;
        // Block sync may have brought this height in already (the same block: more than 2/3 signed it).
        _committing = block.Header.Height;
        var committing = Stopwatch.GetTimestamp();
        try
        {
            Moot(block.Header.Height, () => _chain.CommitDecision(decision));
        }
        finally
        {
            _committing = 0;
        }

        _log.LogDebug(NetworkLogEvents.HeightDecided,
            "height {Height} decided in round {Round}: {Transactions} transactions; {BuildMs} ms building proposals, {JudgeMs} ms judging {Judged}, "
            + "{CommitMs} ms committing; {HeightMs} ms since the height started", block.Header.Height, decision.Round, block.Transactions.Count,
            Stopwatch.GetElapsedTime(0, _buildTicks).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
            Stopwatch.GetElapsedTime(0, _judgeTicks).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture), _judged,
            Stopwatch.GetElapsedTime(committing).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
            _clock.GetElapsedTime(_heightStarted).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture));

        // The next height starts one block interval after this one started (at once when consensus took longer).
        var interval = TimeSpan.FromMilliseconds(_chain.Runtime.BlockIntervalMs(_chain.State));
        var wait = interval - _clock.GetElapsedTime(_heightStarted);
        if (wait <= TimeSpan.Zero) Post(new StartInput());
        else _ = Task.Delay(wait, _clock, _stop.Token).ContinueWith(done => { if (!done.IsCanceled) Post(new StartInput()); }, TaskScheduler.Default);
    }

    /// <summary>A block committed by block sync (not by this loop): consensus moves to the height after it at once.</summary>
    private void OnBlockCommitted(Block block, IReadOnlyList<Runtime.Execution.TxResult> results, IReadOnlyList<Runtime.Execution.Event> events)
    {
        if (block.Header.Height != _committing && block.Header.Height >= _position.Height) Post(new StartInput());
    }

    /// <summary>Broadcasts this node's proposal with its block by transaction ids (peers hold most of them; they fetch the rest).</summary>
    private void SendProposal(SignedProposal proposal, Block block)
    {
        _blocks[block.Id] = block;
        var envelope = new Envelope { Proposal = new ProposalMessage { Proposal = ConsensusWire.ToWire(proposal), Compact = Wire.ToCompact(block) } };
        var key = (proposal.Proposal.Height, proposal.Proposal.Round, proposal.Proposal.ValueId);
        _seenProposals.Add(key);
        foreach (var peer in _network.Peers.Peers)
        {
            if (peer.Send(envelope)) peer.KnownProposals.Add(key);
        }
    }

    /// <summary>Sends each peer (but <paramref name="except"/>) the votes it is not known to hold, in one batch.</summary>
    private void SendVotes(IReadOnlyList<SignedVote> votes, Peer? except)
    {
        // Encoded once for every peer.
        var wire = votes.Select(ConsensusWire.ToWire).ToList();
        foreach (var peer in _network.Peers.Peers)
        {
            if (peer != except) SendVotesTo(peer, votes, wire);
        }
    }

    /// <summary>Votes sent to <paramref name="peer"/> count as held by it only once its status says it works on their height:
    /// a peer that has not joined that height yet drops them, and the one-second catch-up must send them again when it
    /// does (otherwise two validators that joined at different moments can each wait for the other's lost vote for ever).</summary>
    private static void MarkKnown(Peer peer, List<(Address Validator, Vote Vote)> sent)
    {
        var height = peer.Status?.ConsensusHeight ?? 0;
        foreach (var key in sent)
        {
            if (key.Vote.Height == height) peer.KnownVotes.Add(key);
        }
    }

    /// <summary>Each peer working on this height gets this height's proposals and votes it is not known to hold.</summary>
    private IReadOnlyList<ConsensusOutput> CatchUpPeers()
    {
        if (_core.Height == 0) return [];
        AskAgain();
        var peers = _network.Peers.Peers.Where(p => p.Status?.ConsensusHeight == _core.Height).ToList();
        if (peers.Count == 0) return [];
        var votes = _core.KnownVotes();
        foreach (var peer in peers)
        {
            foreach (var (proposal, value) in _core.KnownProposals())
            {
                var key = (proposal.Proposal.Height, proposal.Proposal.Round, proposal.Proposal.ValueId);
                if (peer.KnownProposals.Contains(key)) continue;
                var envelope = new Envelope { Proposal = new ProposalMessage { Proposal = ConsensusWire.ToWire(proposal), Block = Wire.ToWire((Block)value) } };
                if (peer.Send(envelope)) peer.KnownProposals.Add(key);
            }
        }

        foreach (var peer in peers) SendVotesTo(peer, votes);
        return [];
    }

    private static void SendVotesTo(Peer peer, IReadOnlyList<SignedVote> votes, IReadOnlyList<ProtoSignedVote>? wire = null)
    {
        var batch = new VoteBatch();
        var sent = new List<(Address, Vote)>();
        for (var i = 0; i < votes.Count; i++)
        {
            var key = (votes[i].Validator, votes[i].Vote);
            if (peer.KnownVotes.Contains(key)) continue;
            batch.Votes.Add(wire?[i] ?? ConsensusWire.ToWire(votes[i]));
            sent.Add(key);
        }

        if (batch.Votes.Count > 0 && peer.Send(new Envelope { Votes = batch })) MarkKnown(peer, sent);
    }

    public void PeerConnected(Peer peer) => Post(new CatchUpInput());

    public void PeerDisconnected(Peer peer)
    {
    }

    public void PeerStatus(Peer peer, Status status)
    {
    }

    public void Describe(Status status)
    {
        var position = _position;
        status.ConsensusHeight = position.Height;
        status.Round = (uint)position.Round;
        // On the wire 0 means "no consensus here" (a full node leaves it unset), so the steps count from 1 (gridforge_p2p.proto).
        status.Step = (uint)position.Step + 1;
    }

    /// <summary>A peer's proposal, votes or has-proposal note (on its link's thread).</summary>
    public ValueTask<string?> ReceiveAsync(Peer peer, Envelope envelope, CancellationToken token) => ValueTask.FromResult(envelope.BodyCase switch
    {
        Envelope.BodyOneofCase.Votes => ReceiveVotes(peer, envelope.Votes),
        Envelope.BodyOneofCase.Proposal => ReceiveProposal(peer, envelope),
        Envelope.BodyOneofCase.HasProposal => ReceiveHasProposal(peer, envelope.HasProposal),
        Envelope.BodyOneofCase.Evidence => ReceiveEvidence(peer, envelope.Evidence),
        Envelope.BodyOneofCase.BlockTxsRequest => ServeBlockTxs(peer, envelope.BlockTxsRequest),
        Envelope.BodyOneofCase.BlockTxsResponse => ReceiveBlockTxs(peer, envelope.BlockTxsResponse),
        _ => null,
    });

    private string? ReceiveEvidence(Peer peer, EvidenceMessage message)
    {
        if (DuplicateVoteEvidence.Decode(message.Evidence.Span, out var error) is not { } evidence) return $"undecodable evidence: {error}";
        if (evidence.Verify(_chain.ChainId, _verifier) is { } invalid) return $"forged evidence: {invalid}";
        Post(new EvidenceInput(evidence, peer));
        return null;
    }

    /// <summary>Most votes in one batch: every validator's prevote and precommit of a few rounds.</summary>
    private int MaxVotesPerBatch => Math.Max(64, _position.Set.Count * 8);

    private string? ReceiveVotes(Peer peer, VoteBatch batch)
    {
        if (batch.Votes.Count > MaxVotesPerBatch) return $"a batch of {batch.Votes.Count} votes";
        var position = _position;
        List<SignedVote>? relay = null;
        foreach (ProtoSignedVote wire in batch.Votes)
        {
            if (ConsensusWire.FromWire(wire) is not { } vote) return "a malformed vote";
            var key = (vote.Validator, vote.Vote);
            peer.KnownVotes.Add(key);
            // Only this height and the next are of use; a vote far ahead is dropped unchecked (a flood costs its sender).
            if (vote.Vote.Height < position.Height || vote.Vote.Height > position.Height + 1 || position.Height == 0)
            {
                CountVote(vote.Vote.Type, 2);
                if (vote.Vote.Height > position.Height + 1 && peer.Score.Penalize(10)) peer.Close("too many votes out of reach");
                continue;
            }

            if (!position.Set.Contains(vote.Validator))
            {
                CountVote(vote.Vote.Type, 3);
                if (peer.Score.Penalize(10)) peer.Close("too many votes of non-validators");
                continue;
            }

            if (_seenVotes.Contains(key))
            {
                CountVote(vote.Vote.Type, 1);
                continue;
            }

            if (!vote.Verify(_chain.ChainId, _verifier))
            {
                CountVote(vote.Vote.Type, 4);
                return $"a vote with a bad signature ({vote})";
            }

            if (!_seenVotes.Add(key))
            {
                CountVote(vote.Vote.Type, 1);
                continue;
            }

            CountVote(vote.Vote.Type, 0);
            Heard(vote.Validator, vote.Vote.Height);
            PostExternal(new VoteInput(vote));
            (relay ??= []).Add(vote);
        }

        if (relay is not null) SendVotes(relay, except: peer);
        return null;
    }

    private string? ReceiveProposal(Peer peer, Envelope envelope)
    {
        var message = envelope.Proposal;
        if (ConsensusWire.FromWire(message.Proposal) is not { } proposal) return "a malformed proposal";
        var p = proposal.Proposal;
        var key = (p.Height, p.Round, p.ValueId);
        peer.KnownProposals.Add(key);
        var position = _position;
        if (p.Height < position.Height || p.Height > position.Height + 1 || position.Height == 0 || _seenProposals.Contains(key)) return null;
        if (!position.Set.Contains(proposal.Proposer))
        {
            if (peer.Score.Penalize(100)) peer.Close("too many proposals of non-validators");
            return null;
        }

        if ((message.Block is null) == (message.Compact is null)) return "a proposal with no block or two";
        lock (_pending)
        {
            // Its transactions are being fetched from the peer that sent it first; this one may answer if that one does not.
            if (message.Compact is not null && _pending.TryGetValue(key, out var waiting))
            {
                if (waiting.From != peer && !waiting.Others.Contains(peer)) waiting.Others.Add(peer);
                return null;
            }
        }

        Block? block;
        Hash32[]? ids = null;
        string? error;
        if (message.Block is not null)
        {
            block = Wire.FromWire(message.Block, _chain.Runtime.Registry, out error);
        }
        else
        {
            var compact = Wire.FromCompact(message.Compact!, _chain.Runtime.Registry, _chain.Runtime.MaxBlockTxs(_chain.State), out error);
            (block, ids) = compact is { } c ? (c.Shell, c.Ids) : (null, null);
        }

        if (block is null) return $"a proposal whose block does not decode: {error}";
        if (block.Hash() != p.ValueId) return "a proposal whose block is not the one it names";
        // A fresh proposal carries the proposer's own block; a re-proposal (valid round ≥ 0, the algorithm's lines 15–16)
        // carries the valid value of an earlier round, built by that round's proposer.
        if (p.ValidRound < 0 && block.Header.Proposer != proposal.Proposer) return "a fresh proposal whose block names another proposer";
        if (!proposal.Verify(_chain.ChainId, _verifier)) return "a proposal with a bad signature";
        if (ids is null) return Take(peer, proposal, block);

        // The transactions by id: from this node's mempool, the rest asked of the sender.
        var txs = new Transaction?[ids.Length];
        var missing = new List<int>();
        for (var i = 0; i < ids.Length; i++)
        {
            txs[i] = _chain.Mempool.Find(ids[i]);
            if (txs[i] is null) missing.Add(i);
        }

        if (missing.Count == 0) return Take(peer, proposal, block with { Transactions = txs! });
        lock (_pending)
        {
            if (_pending.Count >= MaxPendingBlocks) _pending.Remove(_pending.MinBy(e => e.Value.Asked).Key);
            _pending[key] = new PendingBlock(proposal, block, ids, txs, [.. missing], peer, _clock.GetTimestamp());
        }

        peer.Send(new Envelope { BlockTxsRequest = Request(key, missing) });
        return null;
    }

    private static BlockTxsRequest Request((ulong Height, int Round, Hash32 Block) key, IEnumerable<int> indexes)
    {
        var request = new BlockTxsRequest { Height = key.Height, Round = (uint)key.Round, ValueId = Wire.Bytes(key.Block.ToArray()) };
        request.Indexes.AddRange(indexes.Select(i => (uint)i));
        return request;
    }

    /// <summary>A proposal whose block is whole and whose signature is valid: queued for the core, kept for peers that fetch
    /// its transactions, relayed by transaction ids to the peers without it, and announced to the others.</summary>
    private string? Take(Peer from, SignedProposal proposal, Block block)
    {
        var p = proposal.Proposal;
        var key = (p.Height, p.Round, p.ValueId);
        if (!_seenProposals.Add(key)) return null;
        lock (_pending) _pending.Remove(key);
        lock (_heard) HeardAhead(p.Height, _clock.GetTimestamp());
        // Kept to serve peers' requests for its transactions; a validator signing proposals for round after round cannot make
        // this node keep more than MaxServedBlocks of them (it serves its own always).
        if (_blocks.Count < MaxServedBlocks) _blocks[block.Id] = block;
        PostExternal(new ProposalInput(proposal, block));
        var envelope = new Envelope { Proposal = new ProposalMessage { Proposal = ConsensusWire.ToWire(proposal), Compact = Wire.ToCompact(block) } };
        var has = new Envelope { HasProposal = new HasProposal { Height = p.Height, Round = (uint)p.Round, ValueId = Wire.Bytes(p.ValueId.ToArray()) } };
        foreach (var other in _network.Peers.Peers)
        {
            if (other == from) continue;
            // Relay the block to peers without it; tell every peer this node holds it (so it is not sent here again).
            if (!other.KnownProposals.Contains(key) && other.Send(envelope)) other.KnownProposals.Add(key);
            else other.Send(has);
        }

        return null;
    }

    /// <summary>A peer asks for transactions of a block this node proposed or took: sent if it holds the block (an empty
    /// answer otherwise: it may have moved on); a request out of the block's bounds is garbage.</summary>
    private string? ServeBlockTxs(Peer peer, BlockTxsRequest request)
    {
        if (request.Round > int.MaxValue || Wire.HashOf(request.ValueId) is not { } id) return "a malformed block transactions request";
        var response = new BlockTxsResponse { Height = request.Height, Round = request.Round, ValueId = request.ValueId };
        if (_blocks.TryGetValue(id, out var block))
        {
            var count = block.Transactions.Count;
            if (request.Indexes.Count == 0 || request.Indexes.Count > count) return $"a request for {request.Indexes.Count} transactions of a block of {count}";
            long previous = -1;
            foreach (var index in request.Indexes)
            {
                if (index <= previous || index >= count) return $"a request for transaction {index} of a block of {count} (after {previous})";
                previous = index;
                response.Txs.Add(Wire.Bytes(block.Transactions[(int)index].Encoded));
            }
        }

        peer.Send(new Envelope { BlockTxsResponse = response });
        return null;
    }

    /// <summary>The transactions a compact proposal lacked, from the peer they were asked of: each must be the one the block
    /// lists (else garbage); then the block is whole and taken as any proposal. An empty answer ("I no longer hold it") costs
    /// the peer a little and another peer that sent the proposal is asked.</summary>
    private string? ReceiveBlockTxs(Peer peer, BlockTxsResponse response)
    {
        if (response.Round > int.MaxValue || Wire.HashOf(response.ValueId) is not { } id) return "a malformed block transactions response";
        var key = (response.Height, (int)response.Round, id);
        PendingBlock? pending;
        lock (_pending)
        {
            // Unasked (or asked of another peer, or too late): ignored.
            if (!_pending.TryGetValue(key, out pending) || pending.From != peer) return null;
            if (response.Txs.Count == 0)
            {
                if (peer.Score.Penalize(100)) peer.Close("too many blocks it proposed or relayed and could not serve");
                AskNext(key, pending);
                return null;
            }

            _pending.Remove(key);
        }

        if (response.Txs.Count != pending.Missing.Length) return $"{response.Txs.Count} transactions for {pending.Missing.Length} asked";
        for (var i = 0; i < pending.Missing.Length; i++)
        {
            var index = pending.Missing[i];
            // Decoding hashes the bytes once; the id it computes is the one the block lists, or the peer sent another transaction.
            var tx = Transaction.DecodeOwned(response.Txs[i].ToByteArray(), _chain.Runtime.Registry, int.MaxValue, out var rejection);
            if (tx is null) return $"a block's transaction {index} does not decode: {rejection?.Message}";
            if (tx.Id != pending.Ids[index]) return $"transaction {index} of the block is not the one its id names";
            pending.Txs[index] = tx;
        }

        return Take(peer, pending.Proposal, pending.Shell with { Transactions = pending.Txs! });
    }

    /// <summary>Asks the next peer that sent the same compact proposal (none left: the pending block is dropped; consensus
    /// goes on through its timeouts, and the catch-up brings the whole block from whoever holds it).</summary>
    private void AskNext((ulong, int, Hash32) key, PendingBlock pending)
    {
        while (pending.Others.Count > 0)
        {
            var next = pending.Others[0];
            pending.Others.RemoveAt(0);
            if (next.IsClosed) continue;
            pending.From = next;
            pending.Asked = _clock.GetTimestamp();
            next.Send(new Envelope { BlockTxsRequest = Request(key, pending.Missing) });
            return;
        }

        _pending.Remove(key);
    }

    /// <summary>Pending compact proposals whose peer has not answered in time are asked of another peer.</summary>
    private void AskAgain()
    {
        lock (_pending)
        {
            foreach (var (key, pending) in _pending.ToList())
            {
                if (_clock.GetElapsedTime(pending.Asked) > BlockTxsTimeout || pending.From.IsClosed) AskNext(key, pending);
            }
        }
    }

    private static string? ReceiveHasProposal(Peer peer, HasProposal has)
    {
        if (has.Round > int.MaxValue || Wire.HashOf(has.ValueId) is not { } id) return "a malformed has-proposal note";
        peer.KnownProposals.Add((has.Height, (int)has.Round, id));
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _chain.BlockCommitted -= OnBlockCommitted;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (_ticker is not null) await _ticker.ConfigureAwait(false);
        _stop.Dispose();
    }
}
