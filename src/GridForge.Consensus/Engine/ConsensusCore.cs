using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Engine;

/// <summary>Tendermint (Buchman, Kwon, Milosevic 2018, Algorithm 1) as a pure state machine for one process: messages,
/// timeouts and validity answers in; messages to broadcast, timeouts to schedule, value and validity requests,
/// decisions and evidence out. No I/O, clock, thread or randomness: the host does all of that, and the same inputs
/// always give the same outputs. Line numbers in comments are the paper's (docs/consensus.md maps them all).</summary>
public sealed partial class ConsensusCore
{
    private readonly ConsensusConfig _config;
    private readonly IConsensusSigner? _signer;
    private readonly ISignatureVerifier _verifier;
    private List<ConsensusOutput> _out = [];

    // The height: its validators and the message log (reset on every StartHeight, line 53).
    private ValidatorSet _set = ValidatorSet.Empty;
    private ProposerRotation? _rotation;
    private Address[] _proposers = [];
    private readonly SortedDictionary<int, RoundLog> _rounds = [];
    private int[] _futureRound = [];
    // Looked up by value id only; never iterated into a decision.
    private readonly Dictionary<Hash32, bool> _validity = [];
    private readonly HashSet<Hash32> _validityAsked = [];
    private readonly HashSet<(int Validator, int Round, VoteType Type)> _offences = [];
    private readonly List<(SignedVote? Vote, SignedProposal? Proposal, IConsensusValue? Value)> _nextHeight = [];

    // Algorithm 1's variables (lines 1-9).
    private ulong _height;
    private int _round;
    private Step _step;
    private int _lockedRound = -1;
    private Hash32? _lockedValue;
    private int _validRound = -1;
    private Hash32? _validValueId;
    private IConsensusValue? _validValue;
    private Decision? _decision;
    private bool _awaitingValue;

    public ConsensusCore(ConsensusConfig config, IConsensusSigner? signer, ISignatureVerifier? verifier = null)
    {
        _config = config;
        _signer = signer;
        _verifier = verifier ?? Ed25519Verifier.Instance;
    }

    public string ChainId => _config.ChainId;

    /// <summary>The rounds' timeouts this core schedules.</summary>
    public TimeoutSettings Timeouts => _config.Timeouts;

    /// <summary>This process's validator address, or null for a node that only follows.</summary>
    public Address? Address => _signer?.Address;

    public ulong Height => _height;

    public int Round => _round;

    public Step Step => _step;

    public bool IsDecided => _decision is not null;

    public Decision? Decision => _decision;

    public ValidatorSet Validators => _set;

    public LockState Locks => new(_lockedRound, _lockedValue, _validRound, _validValueId);

    /// <summary>The proposer of a round of the current height.</summary>
    public Address ProposerOf(int round)
    {
        if (round >= _proposers.Length)
        {
            _proposers = _rotation!.ProposersOf(Math.Max(round + 1, Math.Min(2 * _proposers.Length, int.MaxValue)));
        }

        return _proposers[round];
    }

    /// <summary>Starts <paramref name="height"/> (line 10, or lines 52–54 after a decision) with its validators. If the
    /// signer's durable state shows this validator already signed at this height (it crashed and restarted), the round,
    /// step and locks are taken back from it and its votes are sent again; otherwise round 0 starts.
    /// <paramref name="aloneForgetsLocks"/> is for a validator that is the whole set (the dev chain): nobody else can have
    /// seen, let alone decided, a value it locked before a crash, so it starts the round after its last signature without
    /// the lock (whose value it may have lost), and signs nothing it signed before.</summary>
    public IReadOnlyList<ConsensusOutput> StartHeight(ulong height, ProposerRotation validators, bool aloneForgetsLocks = false) => Run(() =>
    {
        if (height == 0 || height <= _height) throw new InvalidOperationException($"height {height} does not follow {_height}");
        _height = height;
        _rotation = validators;
        _set = validators.Set;
        _proposers = [];
        _rounds.Clear();
        _futureRound = [.. Enumerable.Repeat(-1, _set.Count)];
        _validity.Clear();
        _validityAsked.Clear();
        _offences.Clear();
        _decision = null;
        (_lockedRound, _lockedValue, _validRound, _validValueId, _validValue) = (-1, null, -1, null, null);
        var alone = aloneForgetsLocks && _signer is not null && _set.Count == 1 && _set.Contains(_signer.Address);
        if (_signer?.LastSigned is { } last && last.Height == height)
        {
            if (alone) StartRound(checked(last.Round + 1));
            else Resume(last);
        }
        else
        {
            StartRound(0);
        }

        var buffered = _nextHeight.ToList();
        _nextHeight.Clear();
        foreach (var (vote, proposal, value) in buffered)
        {
            if (vote is not null) AcceptVote(vote);
            else if (proposal is not null && value is not null) AcceptProposal(proposal, value);
        }
    });

    /// <summary>A proposal received from a peer, with its value.</summary>
    public IReadOnlyList<ConsensusOutput> OnProposal(SignedProposal proposal, IConsensusValue value) => Run(() => AcceptProposal(proposal, value));

    /// <summary>A prevote or precommit received from a peer.</summary>
    public IReadOnlyList<ConsensusOutput> OnVote(SignedVote vote) => Run(() => AcceptVote(vote));

    /// <summary>A timeout the core scheduled has expired (lines 57–67).</summary>
    public IReadOnlyList<ConsensusOutput> OnTimeout(RoundTimeout timeout) => Run(() =>
    {
        if (timeout.Height != _height || timeout.Round != _round || IsDecided) return;
        switch (timeout.Kind)
        {
            case TimeoutKind.Propose when _step == Step.Propose: // 57-60
                Cast(VoteType.Prevote, null);
                _step = Step.Prevote;
                break;
            case TimeoutKind.Prevote when _step == Step.Prevote: // 61-64
                Cast(VoteType.Precommit, null);
                _step = Step.Precommit;
                break;
            case TimeoutKind.Precommit: // 65-67
                StartRound(checked(_round + 1));
                break;
        }
    });

    /// <summary>The answer to <see cref="RequestValue"/>: the value this proposer proposes (getValue(), line 18).</summary>
    public IReadOnlyList<ConsensusOutput> OnValueToPropose(ulong height, int round, IConsensusValue value) => Run(() =>
    {
        if (height != _height || round != _round || _step != Step.Propose || !_awaitingValue || IsDecided) return;
        _awaitingValue = false;
        Propose(value, _validRound);
    });

    /// <summary>The answer to <see cref="RequestValidity"/>: valid(v) for a value of this height.</summary>
    public IReadOnlyList<ConsensusOutput> OnValidity(ulong height, Hash32 valueId, bool valid) => Run(() =>
    {
        if (height == _height && _validityAsked.Contains(valueId)) _validity[valueId] = valid;
    });

    /// <summary>A decided round's proposal, value and precommits from a peer that is ahead (catch-up): once the
    /// certificate verifies against this height's validators they enter the log like any received message, and line 49
    /// decides when the value is valid. Round limits do not apply: more than 2/3 of the power signed them.</summary>
    public IReadOnlyList<ConsensusOutput> OnDecisionProof(Decision proof) => Run(() =>
    {
        var certificate = proof.Certificate;
        if (proof.Height != _height || certificate.Height != _height || IsDecided || _rotation is null) return;
        if (proof.Value.Id != certificate.ValueId || proof.Proposal.Proposal != new Proposal(_height, certificate.Round, certificate.ValueId,
            proof.Proposal.Proposal.ValidRound)) return;
        if (certificate.Verify(ChainId, _set, _verifier) is not null) return;
        if (proof.Proposal.Proposer != ProposerOf(certificate.Round) || !proof.Proposal.Verify(ChainId, _verifier)) return;
        var log = RoundLogFor(certificate.Round);
        if (log.Proposal is null || log.Proposal.Proposal.ValueId != certificate.ValueId)
        {
            log.Proposal = proof.Proposal;
            log.Value = proof.Value;
            log.MarkSender(_set.IndexOf(proof.Proposal.Proposer), _set.PowerOf(proof.Proposal.Proposer));
        }

        AskValidity(proof.Value);
        foreach (var precommit in certificate.Precommits) Store(_set.IndexOf(precommit.Validator), precommit, verified: true);
    });

    /// <summary>The current height's proposals with their values, by round: what a host gossips to its peers.</summary>
    public IReadOnlyList<(SignedProposal Proposal, IConsensusValue Value)> KnownProposals() =>
        [.. _rounds.Values.Where(l => l.Proposal is not null && l.Value is not null).Select(l => (l.Proposal!, l.Value!))];

    /// <summary>The current height's votes: by round, prevotes before precommits, in validator order.</summary>
    public IReadOnlyList<SignedVote> KnownVotes() =>
        [.. _rounds.Values.SelectMany(l => l.Prevotes.All().Concat(l.Precommits.All()))];

    private IReadOnlyList<ConsensusOutput> Run(Action input)
    {
        _out = [];
        input();
        Evaluate();
        return _out;
    }

    private void Emit(ConsensusOutput output) => _out.Add(output);

    private bool IsValidator => _signer is not null && _set.Contains(_signer.Address);

    private bool Quorum(ulong power) =>
        _config.Mutation == CoreMutation.InclusiveTwoThirds ? checked(power * 3) >= checked(_set.TotalPower * 2) : _set.IsQuorum(power);

    private bool OneThird(ulong power) => _config.Mutation == CoreMutation.SkipOnAnyMessage ? power > 0 : _set.IsOneThird(power);

    private long TimeoutOf(TimeoutKind kind, int round) => _config.Timeouts.Duration(kind, _config.Mutation == CoreMutation.FixedTimeouts ? 0 : round);

    private void Schedule(TimeoutKind kind) => Emit(new ScheduleTimeout(new RoundTimeout(kind, _height, _round), TimeoutOf(kind, _round)));

    private RoundLog RoundLogFor(int round)
    {
        if (!_rounds.TryGetValue(round, out var log))
        {
            log = new RoundLog(round, _set.Count);
            _rounds.Add(round, log);
        }

        return log;
    }

    /// <summary>Resumes a height this validator had signed in before a restart, from its durable sign state: the round,
    /// the step after its last signature, the locks, and every vote it signed at this height, counted again and sent again.</summary>
    private void Resume(SignState last)
    {
        (_lockedRound, _lockedValue, _validRound, _validValueId) = (last.Lock.LockedRound, last.Lock.LockedValue, last.Lock.ValidRound, last.Lock.ValidValue);
        EnterRound(last.Round);
        _step = last.Step switch { SignStep.Prevote => Step.Prevote, SignStep.Precommit => Step.Precommit, _ => Step.Propose };
        var index = _set.IndexOf(_signer!.Address);
        foreach (var vote in last.HeightVotes)
        {
            if (index < 0 || vote.Vote.Height != _height || vote.Validator != _signer.Address) continue;
            Store(index, vote, verified: true);
            Emit(new BroadcastVote(vote));
        }

        // The polkas behind the locks, as received before the crash: counted again and relayed, so others can follow.
        foreach (var vote in last.Polka)
        {
            var voter = _set.IndexOf(vote.Validator);
            if (voter < 0 || vote.Vote.Height != _height || vote.Vote.Type != VoteType.Prevote || !vote.Verify(ChainId, _verifier)) continue;
            Store(voter, vote, verified: true);
            Emit(new BroadcastVote(vote));
        }

        // A proposer that signed its proposal but lost the value cannot send it again: it waits like the others.
        if (_step == Step.Propose) Schedule(TimeoutKind.Propose);
    }

    private void EnterRound(int round)
    {
        _round = round;
        _step = Step.Propose;
        _awaitingValue = false;
        // Rounds now within reach no longer count as a validator's one round ahead.
        for (var i = 0; i < _futureRound.Length; i++)
        {
            if (_futureRound[i] >= 0 && _futureRound[i] <= (long)_round + 1) _futureRound[i] = -1;
        }

        RoundLogFor(round);
    }

    /// <summary>Lines 11–21.</summary>
    private void StartRound(int round)
    {
        EnterRound(round);
        if (IsValidator && ProposerOf(round) == _signer!.Address)
        {
            if (_validValue is not null)
            {
                Propose(_validValue, _validRound); // 15-16, 19
                return;
            }

            if (_validValueId is null)
            {
                _awaitingValue = true; // 18: getValue(), answered by OnValueToPropose
                Emit(new RequestValue(_height, round));
            }
        }

        Schedule(TimeoutKind.Propose); // 21 (a proposer waiting for its value, or one without it, waits the same)
    }

    /// <summary>Line 19: sign and broadcast ⟨PROPOSAL, h, round, v, validRound⟩, counting it for this process too.</summary>
    private void Propose(IConsensusValue value, int validRound)
    {
        var signed = _signer!.SignProposal(new Proposal(_height, _round, value.Id, validRound), Locks, Polka());
        if (signed is null)
        {
            Schedule(TimeoutKind.Propose);
            return;
        }

        _validity[value.Id] = true;
        _validityAsked.Add(value.Id);
        var log = RoundLogFor(_round);
        log.Proposal = signed;
        log.Value = value;
        log.MarkSender(_set.IndexOf(signed.Proposer), _set.PowerOf(signed.Proposer));
        Emit(new BroadcastProposal(signed, value));
    }

    /// <summary>Sign and broadcast a vote of the current round, counting it for this process too. A process that is not
    /// a validator of the height, or whose guard refuses, sends nothing; its step moves on all the same.</summary>
    private void Cast(VoteType type, Hash32? valueId)
    {
        if (!IsValidator) return;
        if (_signer!.SignVote(new Vote(type, _height, _round, valueId), Locks, Polka()) is not { } signed) return;
        Store(_set.IndexOf(signed.Validator), signed, verified: true);
        Emit(new BroadcastVote(signed));
    }

    /// <summary>The prevotes behind the valid value (at the valid round) and the locked value (at the locked round).</summary>
    private List<SignedVote> Polka()
    {
        var polka = new List<SignedVote>();
        if (_validValueId is { } valid && _rounds.TryGetValue(_validRound, out var validLog)) polka.AddRange(validLog.Prevotes.VotesFor(valid));
        if (_lockedValue is { } locked && _lockedRound != _validRound
            && _rounds.TryGetValue(_lockedRound, out var lockedLog)) polka.AddRange(lockedLog.Prevotes.VotesFor(locked));
        return polka;
    }

    private void AskValidity(IConsensusValue value)
    {
        if (_validity.ContainsKey(value.Id) || !_validityAsked.Add(value.Id)) return;
        Emit(new RequestValidity(_height, value));
    }

    private void BufferNextHeight(SignedVote? vote, SignedProposal? proposal, IConsensusValue? value)
    {
        if (_nextHeight.Count < _config.MaxBufferedNextHeight) _nextHeight.Add((vote, proposal, value));
    }

    private void AcceptProposal(SignedProposal signed, IConsensusValue value)
    {
        var p = signed.Proposal;
        if (_rotation is null) return;
        if (p.Height == _height + 1)
        {
            BufferNextHeight(null, signed, value);
            return;
        }

        // Proposals of rounds beyond the next are not kept (their proposer sends them again when the round comes).
        if (p.Height != _height || p.Round < 0 || p.Round > (long)_round + 1 || p.ValidRound < -1 || p.ValidRound >= p.Round) return;
        if (value.Id != p.ValueId || ProposerOf(p.Round) != signed.Proposer) return;
        var log = RoundLogFor(p.Round);
        if (log.Proposal is not null) return; // the first one stands; a second, conflicting one is not evidence here
        if (!signed.Verify(ChainId, _verifier)) return;
        log.Proposal = signed;
        log.Value = value;
        log.MarkSender(_set.IndexOf(signed.Proposer), _set.PowerOf(signed.Proposer));
        if (_validValueId == value.Id) _validValue ??= value;
        AskValidity(value);
    }

    private void AcceptVote(SignedVote vote)
    {
        if (_rotation is null) return;
        var v = vote.Vote;
        if (v.Height == _height + 1)
        {
            BufferNextHeight(vote, null, null);
            return;
        }

        if (v.Height != _height || v.Round < 0) return;
        var index = _set.IndexOf(vote.Validator);
        if (index < 0) return;
        Store(index, vote, verified: false);
    }

    /// <summary>Adds a vote to the log: a duplicate is ignored before any signature check; a round beyond the next is kept
    /// only as the validator's one round ahead (memory stays bounded whatever a Byzantine validator sends); a second,
    /// different vote of the same validator, round and type is evidence (and counts for its own value, as every received
    /// message does in Algorithm 1).</summary>
    private void Store(int index, SignedVote vote, bool verified)
    {
        var round = vote.Vote.Round;
        var ahead = round > (long)_round + 1;
        if (ahead && _futureRound[index] != -1 && _futureRound[index] != round && !verified) return;
        var log = _rounds.GetValueOrDefault(round);
        var tally = log?.Votes(vote.Vote.Type);
        if (tally is not null && (tally.Holds(index, vote) || tally.HoldsValue(index, vote.Vote.ValueId))) return;
        if (!verified && !vote.Verify(ChainId, _verifier)) return;
        if (ahead && !verified && _futureRound[index] == -1) _futureRound[index] = round;
        log ??= RoundLogFor(round);
        tally = log.Votes(vote.Vote.Type);
        var first = tally.Of(index);
        if (!tally.Add(index, vote, _set[index].Power)) return;
        log.MarkSender(index, _set[index].Power);
        if (first is not null && _offences.Add((index, round, vote.Vote.Type)))
        {
            Emit(new EvidenceDetected(DuplicateVoteEvidence.Of(first, vote)!));
        }
    }
}
