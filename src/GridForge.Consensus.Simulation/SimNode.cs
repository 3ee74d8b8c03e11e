using GridForge.Consensus.Engine;
using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>One simulated process: a consensus core and the host around it (the application, the evidence pool,
/// timers and gossip). Its durable part (sign state, chain, evidence pool) survives a crash; everything else is lost.
/// A Byzantine equivocator runs the same host but bends what it sends.</summary>
internal sealed class SimNode
{
    private readonly SimWorld _world;
    private readonly Scenario _scenario;
    private readonly SimRandom _rng;
    private readonly Queue<ConsensusOutput> _work = new();

    // Durable.
    private ISignStateStore _store = new MemorySignStateStore();
    private readonly EvidencePool _pool = new();

    // Volatile: lost on a crash.
    private ConsensusCore? _core;
    private int _epoch;
    private int _ticks;
    private readonly Dictionary<(int Peer, MessageKey Key), long> _sentAt = [];
    private readonly HashSet<(int Peer, MessageKey Key)> _delivered = [];
    // An equivocator's own fresh proposal per (height, round), which it then votes for.
    private readonly Dictionary<(ulong, int), Hash32> _pushed = [];

    public SimNode(SimWorld world, SimInstance instance, SimRandom rng)
    {
        _world = world;
        _scenario = world.Scenario;
        Instance = instance;
        _rng = rng;
        Chain = new SimChain(_scenario);
    }

    public SimInstance Instance { get; }

    public SimChain Chain { get; }

    public bool Up => _core is not null;

    /// <summary>When this node last decided a height (the watch's catch-up clock).</summary>
    public long LastAdvanceMs { get; set; }

    public int Epoch => _epoch;

    public ulong ConsensusHeight => _core?.Height ?? 0;

    public int ConsensusRound => _core?.Round ?? 0;

    public void Start()
    {
        _epoch++;
        var guard = new DoubleSignGuard(Instance.Key, _store, _scenario.ChainId);
        var signer = new RecordingSigner(guard, s => _world.Checker.OnSigned(Instance, s, _world.Now));
        _core = new ConsensusCore(new ConsensusConfig(_scenario.ChainId) { Timeouts = _scenario.Timeouts, Mutation = _scenario.Options.Mutation }, signer,
            _world.Verifier);
        _world.Trace(() => $"#{Instance.Index} starts at height {Chain.Height + 1}");
        StartNextHeight(_epoch);
    }

    public void Crash()
    {
        _world.Trace(() => $"#{Instance.Index} crashes");
        _core = null;
        _epoch++;
        _sentAt.Clear();
        _delivered.Clear();
        _work.Clear();
        if (_scenario.Options.VolatileSignState) _store = new MemorySignStateStore();
    }

    public void StartNextHeight(int epoch)
    {
        if (epoch != _epoch || _core is null) return;
        Process(_core.StartHeight(Chain.Height + 1, Chain.NextRotation));
    }

    public void OnTimeout(int epoch, RoundTimeout timeout)
    {
        if (epoch != _epoch || _core is null) return;
        _world.Trace(() => $"#{Instance.Index} {timeout}");
        Process(_core.OnTimeout(timeout));
    }

    public void MarkDelivered(int peer, MessageKey key) => _delivered.Add((peer, key));

    /// <summary>A peer restarted with an empty log: everything it had is to be sent again (its connections are new, as a
    /// real node's peers learn from its fresh round state).</summary>
    public void ForgetPeer(int peer)
    {
        _delivered.RemoveWhere(d => d.Peer == peer);
        foreach (var key in _sentAt.Keys.Where(k => k.Peer == peer).ToList()) _sentAt.Remove(key);
    }

    public void Receive(int from, SimMessage message)
    {
        if (_core is null) return;
        switch (message)
        {
            case ProposalMessage p:
                NoteHeight(from, p.Proposal.Proposal.Height);
                Process(_core.OnProposal(p.Proposal, p.Block));
                break;
            case VoteMessage v:
                NoteHeight(from, v.Vote.Vote.Height);
                Process(_core.OnVote(v.Vote));
                break;
            case StatusMessage s:
                NoteHeight(from, s.Height);
                break;
            case DecisionMessage d when d.Decision.Height == _core.Height:
                Process(_core.OnDecisionProof(d.Decision));
                break;
            case EvidenceMessage e:
                AddEvidence(e.Evidence);
                break;
        }
    }

    /// <summary>A peer working on a height this node has decided gets that height's proof (at most once a resend period).</summary>
    private void NoteHeight(int peer, ulong height)
    {
        if (height == 0 || height > Chain.Height || height >= _core!.Height) return;
        var key = new MessageKey(3, height, 0, 0, Address.None, Hash32.Zero);
        if (_sentAt.TryGetValue((peer, key), out var at) && _world.Now - at < _scenario.ResendAfterMs) return;
        _sentAt[(peer, key)] = _world.Now;
        _world.Send(Instance.Index, peer, new DecisionMessage(Chain.DecisionAt(height)));
    }

    private void AddEvidence(DuplicateVoteEvidence evidence)
    {
        // Evidence of the height being decided goes into a later block: judge it as the first block that may carry it.
        var firstBlock = Math.Max(Chain.Height + 1, evidence.Height + 1);
        if (evidence.Height <= Chain.Height + 1 && Chain.CheckEvidence(evidence, firstBlock, _world.Verifier) is null && _pool.Add(evidence))
        {
            _world.Trace(() => $"#{Instance.Index} keeps evidence {evidence}");
        }
    }

    /// <summary>Every gossip period: a status to each peer, and each message of the current height (and pending evidence)
    /// that the peer has not received, unless sent recently.</summary>
    public void Gossip()
    {
        if (_core is null) return;
        var items = new List<SimMessage>();
        // An equivocator does not resend its own messages: each peer keeps the version it was given.
        var own = Instance.Kind == ByzantineKind.Equivocator ? Instance.Key.Address : (Address?)null;
        items.AddRange(_core.KnownProposals().Where(p => p.Proposal.Proposer != own).Select(p => new ProposalMessage(p.Proposal, (SimBlock)p.Value)));
        items.AddRange(_core.KnownVotes().Where(v => v.Validator != own).Select(v => new VoteMessage(v)));
        items.AddRange(_pool.Pending(_scenario.MaxEvidencePerBlock).Select(e => new EvidenceMessage(e)));
        // A status (this node's height) every other period is enough for peers ahead to notice it lags.
        var status = _ticks++ % 2 == 0 ? new StatusMessage(_core.Height) : null;
        foreach (var peer in _world.PeersOf(Instance.Index))
        {
            if (status is not null) _world.Send(Instance.Index, peer, status);
            foreach (var item in items)
            {
                var key = item.Key;
                if (_delivered.Contains((peer, key))) continue;
                if (_sentAt.TryGetValue((peer, key), out var at) && _world.Now - at < _scenario.ResendAfterMs) continue;
                _sentAt[(peer, key)] = _world.Now;
                _world.Send(Instance.Index, peer, item);
            }
        }
    }

    private void Broadcast(SimMessage message)
    {
        foreach (var peer in _world.PeersOf(Instance.Index))
        {
            _sentAt[(peer, message.Key)] = _world.Now;
            _world.Send(Instance.Index, peer, message);
        }
    }

    private void Process(IReadOnlyList<ConsensusOutput> outputs)
    {
        foreach (var o in outputs) _work.Enqueue(o);
        while (_core is not null && _work.TryDequeue(out var output))
        {
            var core = _core;
            switch (output)
            {
                case BroadcastProposal p:
                    _world.Trace(() => $"#{Instance.Index} sends {p.Proposal} {p.Value}");
                    if (Instance.Kind == ByzantineKind.Equivocator) EquivocateProposal(p);
                    else Broadcast(new ProposalMessage(p.Proposal, (SimBlock)p.Value));
                    break;
                case BroadcastVote v:
                    if (v.Vote.Vote is { Type: VoteType.Precommit,
                        IsNil: false }) _world.OnValuePrecommit(this, v.Vote.Vote.Height, v.Vote.Vote.Round, core.ProposerOf(v.Vote.Vote.Round + 1));
                    _world.Trace(() => $"#{Instance.Index} sends {v.Vote}");
                    if (Instance.Kind == ByzantineKind.Equivocator) EquivocateVote(v.Vote);
                    else Broadcast(new VoteMessage(v.Vote));
                    break;
                case ScheduleTimeout t:
                    _world.ScheduleTimeout(Instance.Index, _epoch, t.Timeout, t.DelayMs);
                    break;
                case RequestValue r:
                    foreach (var o in core.OnValueToPropose(r.Height, r.Round, BuildBlock(r.Height, r.Round, salt: 0))) _work.Enqueue(o);
                    break;
                case RequestValidity q:
                    var error = Chain.Check((SimBlock)q.Value, _world.Verifier);
                    _world.Trace(() => $"#{Instance.Index} judges {q.Value}: {error ?? "valid"}");
                    foreach (var o in core.OnValidity(q.Height, q.Value.Id, error is null)) _work.Enqueue(o);
                    break;
                case Decided d:
                    OnDecided(d.Decision);
                    break;
                case EvidenceDetected e:
                    _world.Trace(() => $"#{Instance.Index} detects {e.Evidence}");
                    _world.Checker.OnEvidenceDetected(Instance, e.Evidence, Chain.Height + 1, _world.Now);
                    AddEvidence(e.Evidence);
                    break;
            }
        }
    }

    private void OnDecided(Decision decision)
    {
        _world.Trace(() => $"#{Instance.Index} decides h{decision.Height} r{decision.Round} {decision.Value}");
        Chain.Apply(decision);
        _pool.MarkCommitted(((SimBlock)decision.Value).Evidence);
        _pool.PruneBelow(decision.Height + 1 > _scenario.EvidenceMaxAge ? decision.Height + 1 - _scenario.EvidenceMaxAge : 0);
        _world.Checker.OnDecision(Instance, decision, _world.Now);
        _world.OnDecided(this);
        _world.ScheduleNextHeight(Instance.Index, _epoch, _scenario.CommitDelayMs);
    }

    private SimBlock BuildBlock(ulong height, int round, uint salt)
    {
        var evidence = _scenario.Options.NoEvidenceInBlocks ? [] : EvidenceFor(height);
        var poison = Instance.Kind == ByzantineKind.Equivocator && _rng.Chance(200);
        return new SimBlock(height, Chain.HeadId, Instance.Key.Address, round, salt, poison, evidence);
    }

    /// <summary>Pending evidence the block may carry: valid at its height, one piece per offender.</summary>
    private List<DuplicateVoteEvidence> EvidenceFor(ulong height)
    {
        var chosen = new List<DuplicateVoteEvidence>();
        var offenders = new HashSet<Address>();
        foreach (var e in _pool.Pending(64))
        {
            if (chosen.Count == _scenario.MaxEvidencePerBlock) break;
            if (e.Height >= height) continue; // an offence of this very height waits for the next block
            if (Chain.CheckEvidence(e, height, _world.Verifier) is not null)
            {
                _pool.Discard(e);
                continue;
            }

            if (offenders.Add(e.Validator)) chosen.Add(e);
        }

        return chosen;
    }

    // --- Byzantine equivocator: the honest logic decides; what leaves is bent. ---

    private void EquivocateVote(SignedVote vote)
    {
        // Behind its own fresh proposal it votes for it, to everyone (the coordinated attack on a lock).
        if (_pushed.TryGetValue((vote.Vote.Height, vote.Vote.Round), out var pushed))
        {
            var backing = vote.Vote with { ValueId = pushed };
            var signedBacking = new SignedVote(backing, vote.Validator, Sign(backing.SignBytes(_scenario.ChainId)));
            _world.Trace(() => $"#{Instance.Index} votes for its own proposal: {signedBacking}");
            Broadcast(new VoteMessage(signedBacking));
            return;
        }

        // Now and then (the attacker: every other vote) a nil prevote of a later round, to pull the others ahead: they
        // must not follow fewer than a third of the power.
        if (_rng.Chance(_scenario.Adversarial ? 500 : 150))
        {
            var ahead = new Vote(VoteType.Prevote, vote.Vote.Height, checked(vote.Vote.Round + 1 + _rng.Below(3)), null);
            var early = new VoteMessage(new SignedVote(ahead, vote.Validator, Sign(ahead.SignBytes(_scenario.ChainId))));
            foreach (var peer in _world.PeersOf(Instance.Index)) _world.Send(Instance.Index, peer, early);
        }

        if (!_scenario.Adversarial && !_rng.Chance(vote.Vote.Type == VoteType.Precommit ? 800 : 600))
        {
            Broadcast(new VoteMessage(vote));
            return;
        }

        var other = vote.Vote.IsNil
            ? _core!.KnownProposals().Select(p => (Hash32?)p.Proposal.Proposal.ValueId).FirstOrDefault() ?? Core.Crypto.Hashing
                .Domain("fake", BitConverter.GetBytes(_rng.Next()))
            : (Hash32?)null;
        var twisted = vote.Vote with { ValueId = other };
        var signed = new SignedVote(twisted, vote.Validator, Sign(twisted.SignBytes(_scenario.ChainId)));
        _world.Trace(() => $"#{Instance.Index} equivocates {vote} / {signed}");
        // One part of the peers gets one vote, the rest the other; the cut is drawn once per message. The coordinated
        // attacker gives its value precommit only to the muted (the ones that may decide unseen), nil to the others.
        var peers = _world.PeersOf(Instance.Index).ToList();
        _rng.Shuffle(peers);
        var cut = 1 + _rng.Below(Math.Max(1, peers.Count - 1));
        var steer = _scenario.Adversarial && vote.Vote is { Type: VoteType.Precommit, IsNil: false };
        for (var i = 0; i < peers.Count; i++)
        {
            var first = steer ? _world.IsMuted(peers[i]) : i < cut;
            var message = new VoteMessage(first ? vote : signed);
            _sentAt[(peers[i], message.Key)] = _world.Now;
            _world.Send(Instance.Index, peers[i], message);
        }
    }

    /// <summary>A Byzantine proposer: sends its proposal as it is; or two different ones to two halves of its peers; or,
    /// forgetting its lock ("amnesia"), a fresh value with no valid round; or a fresh value claiming a valid round it
    /// has no polka for.</summary>
    private void EquivocateProposal(BroadcastProposal p)
    {
        var proposal = p.Proposal.Proposal;
        // The coordinated attacker, in every round after the first, proposes a fresh value for everyone and votes for it:
        // with no valid round, or claiming the last round as its valid round (its scenario chooses which).
        if (_scenario.Adversarial && proposal.Round > 0)
        {
            var fresh = BuildBlock(proposal.Height, proposal.Round, salt: unchecked((uint)_rng.Next()) | 1) is { Poison: false } b ? b
                : new SimBlock(proposal.Height, Chain.HeadId, Instance.Key.Address, proposal.Round, 7, poison: false, []);
            var attack = new Proposal(proposal.Height, proposal.Round, fresh.Id, _scenario.AttackerClaimsValidRound ? proposal.Round - 1 : -1);
            var attackSigned = new SignedProposal(attack, p.Proposal.Proposer, Sign(attack.SignBytes(_scenario.ChainId)));
            _world.Trace(() => $"#{Instance.Index} attacks the lock with {attackSigned}");
            _pushed[(proposal.Height, proposal.Round)] = fresh.Id;
            Broadcast(new ProposalMessage(attackSigned, fresh));
            return;
        }

        // A proposer holding a valid value (others may be locked on it) most often forgets it; otherwise it often splits.
        var choice = proposal.ValidRound < 0 ? _rng.Below(100) : 40 + _rng.Below(60);
        if (choice < 30)
        {
            Broadcast(new ProposalMessage(p.Proposal, (SimBlock)p.Value));
            return;
        }

        var block = BuildBlock(proposal.Height, proposal.Round, salt: unchecked((uint)_rng.Next()) | 1);
        var validRound = choice switch
        {
            < 55 => proposal.ValidRound,
            < 80 => -1,
            _ => proposal.ValidRound >= 0 ? proposal.ValidRound : proposal.Round > 0 ? proposal.Round - 1 - _rng.Below(proposal.Round) : -1,
        };
        var other = new Proposal(proposal.Height, proposal.Round, block.Id, validRound);
        var signed = new SignedProposal(other, p.Proposal.Proposer, Sign(other.SignBytes(_scenario.ChainId)));
        _world.Trace(() => $"#{Instance.Index} equivocates {p.Proposal} / {signed}");
        var split = choice < 55;
        if (!split) _pushed[(proposal.Height, proposal.Round)] = block.Id;
        foreach (var peer in _world.PeersOf(Instance.Index))
        {
            var message = split && _rng.Chance(500) ? new ProposalMessage(p.Proposal, (SimBlock)p.Value) : new ProposalMessage(signed, block);
            _sentAt[(peer, message.Key)] = _world.Now;
            _world.Send(Instance.Index, peer, message);
        }
    }

    private byte[] Sign(Hash32 signBytes)
    {
        Span<byte> message = stackalloc byte[Hash32.Size];
        signBytes.CopyTo(message);
        return Instance.Key.Sign(message);
    }
}
