using GridForge.Consensus.Engine;
using GridForge.Consensus.Evidence;
using GridForge.Consensus.Signing;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>The properties of a run, checked as it goes (each at the step that could break it) and at its end:
/// agreement, validity, no conflicting signatures by an honest validator (across crashes), liveness after GST within a
/// bounded number of rounds, and every equivocation an honest node saw ending as evidence in a block and a slash.</summary>
public sealed class Checker
{
    private readonly Scenario _scenario;
    private readonly ISignatureVerifier _verifier;
    // Looked up by key; never iterated into a verdict.
    private readonly Dictionary<ulong, (Hash32 Id, int Round, long AtMs)> _decided = [];
    private readonly Dictionary<(Address, ulong, int, SignStep), Hash32> _honestSignatures = [];
    private readonly List<(DuplicateVoteEvidence Evidence, ulong SeenAtHeight, long SeenAtMs)> _detected = [];
    private readonly List<Violation> _violations = [];

    public Checker(Scenario scenario, ISignatureVerifier verifier)
    {
        _scenario = scenario;
        _verifier = verifier;
        Oracle = new SimChain(scenario);
    }

    /// <summary>The chain as the first honest decision of each height made it: the reference for validity and slashing.</summary>
    public SimChain Oracle { get; }

    public IReadOnlyList<Violation> Violations => _violations;


    public bool Failed => _violations.Count > 0;

    /// <summary>The first height whose consensus every honest instance took part in after GST (0 until then).</summary>
    public ulong SyncedFromHeight { get; set; }

    /// <summary>The round of the first honest decision of each height, by height.</summary>
    public List<int> DecisionRounds { get; } = [];

    public int Equivocations => _detected.Count;

    public void Fail(string property, string detail, long now) => _violations.Add(new Violation(_scenario.Seed, property, detail, now));

    /// <summary>Agreement, validity, and liveness's round bound, at every honest decision. True when it is the first
    /// honest decision of its height.</summary>
    public bool OnDecision(SimInstance instance, Decision decision, long now)
    {
        if (!instance.Honest) return false;
        var id = decision.Value.Id;
        if (_decided.TryGetValue(decision.Height, out var first))
        {
            if (first.Id != id) Fail("agreement", $"instance #{instance.Index} decided {id} at height {decision.Height}, another honest instance {first.Id}",
                now);
            return false;
        }

        _decided[decision.Height] = (id, decision.Round, now);
        if (decision.Height != Oracle.Height + 1)
        {
            Fail("agreement", $"height {decision.Height} decided before height {Oracle.Height + 1}", now);
            return true;
        }

        var block = (SimBlock)decision.Value;
        var rotation = Oracle.NextRotation;
        if (Oracle.Check(block, _verifier) is { } invalid) Fail("validity", $"height {decision.Height} decided an invalid block ({invalid})", now);
        else if (decision.Proposal.Proposer != rotation.ProposerOf(decision.Round) || !decision.Proposal.Verify(_scenario.ChainId, _verifier)
            || decision.Proposal.Proposal.ValueId != id)
        {
            Fail("validity", $"height {decision.Height} decided a value its round's proposer did not propose", now);
        }

        if (decision.Certificate.Verify(_scenario.ChainId, Oracle.SetAt(decision.Height), _verifier) is { } weak)
        {
            Fail("agreement", $"height {decision.Height} decided without a commit of more than 2/3: {weak}", now);
        }

        if (SyncedFromHeight > 0 && _scenario.Options.CheckLiveness && decision.Height >= SyncedFromHeight && decision.Round > RoundBound(rotation))
        {
            Fail("liveness", $"height {decision.Height} took {decision.Round + 1} rounds after GST; the bound is {RoundBound(rotation) + 1}", now);
        }

        DecisionRounds.Add(decision.Round);
        Oracle.Apply(decision);
        return true;
    }

    /// <summary>The round by which a height must be decided after GST (<see cref="Scenario.RoundBound"/>).</summary>
    public int RoundBound(Validators.ProposerRotation rotation) => _scenario.RoundBound(rotation.Set, rotation.ProposerOf);

    /// <summary>No honest validator signs two different messages at one height, round and step, whatever its crashes.</summary>
    public void OnSigned(SimInstance instance, SignState signed, long now)
    {
        if (!instance.Honest) return;
        var key = (instance.Key.Address, signed.Height, signed.Round, signed.Step);
        if (_honestSignatures.TryGetValue(key, out var earlier))
        {
            if (earlier != signed.SignBytes)
            {
                Fail("no honest double-sign", $"honest validator v{instance.Validator} signed two different {signed.Step} messages at height {signed.Height} " +
                    $"round {signed.Round}", now);
            }

            return;
        }

        _honestSignatures[key] = signed.SignBytes;
    }

    public void OnEvidenceDetected(SimInstance instance, DuplicateVoteEvidence evidence, ulong atHeight, long now)
    {
        if (instance.Honest) _detected.Add((evidence, atHeight, now));
        if (!_scenario.ByzantineKeys.Contains(evidence.Validator))
        {
            Fail("no honest double-sign", $"evidence against honest validator {evidence.Validator}: {evidence}", now);
        }
    }

    /// <summary>At the end of a run that reached its target: every equivocation an honest node saw early enough — four
    /// heights before the end, and long enough before it (counted from GST) for evidence gossip to reach the proposers
    /// twice — is punished in the agreed chain.</summary>
    public void AtEnd(long now)
    {
        var horizon = Oracle.Height > 4 ? Oracle.Height - 4 : 0;
        var latency = 2 * (_scenario.GossipIntervalMs + _scenario.ResendAfterMs + _scenario.MaxDelayAfterGstMs);
        foreach (var (evidence, seenAt, seenMs) in _detected)
        {
            if (seenAt <= horizon && Math.Max(seenMs, _scenario.GstMs) + latency <= now && !Oracle.Slashed.Contains(evidence.Validator))
            {
                Fail("evidence", $"{evidence} was seen by an honest node at height {seenAt} but is in no block by height {Oracle.Height}", now);
                return;
            }
        }
    }
}
