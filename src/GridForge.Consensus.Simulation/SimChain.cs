using GridForge.Consensus.Engine;
using GridForge.Consensus.Evidence;
using GridForge.Consensus.Signing;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>One node's copy of the simulated application: the decided blocks and what they imply (durable: a crash keeps
/// it, as a block store would). It follows the chain's rules for validators: a set scheduled at the end of block h signs
/// from block h + <see cref="SetChangeOffset"/> (an era change, or a slashed validator removed), proposer priorities
/// move one step per height, and evidence is valid only against the set of its height, within
/// <see cref="Scenario.EvidenceMaxAge"/> heights, and once per offender.</summary>
public sealed class SimChain
{
    /// <summary>The chain's validator-set change offset (docs/consensus.md).</summary>
    public const ulong SetChangeOffset = 2;

    private readonly Scenario _scenario;
    private readonly List<SimBlock> _blocks = [];
    private readonly List<Decision> _decisions = [];
    private readonly List<ProposerRotation> _rotations = []; // index h − 1
    private readonly SortedDictionary<ulong, ValidatorSet> _scheduled = [];
    private readonly HashSet<Address> _slashed = [];

    public SimChain(Scenario scenario)
    {
        _scenario = scenario;
        _scheduled[1] = scenario.GenesisSet;
        _rotations.Add(ProposerRotation.Start(scenario.GenesisSet));
    }

    public ulong Height => (ulong)_blocks.Count;

    public Hash32 HeadId => _blocks.Count == 0 ? SimBlock.GenesisId : _blocks[^1].Id;

    public IReadOnlyCollection<Address> Slashed => _slashed;

    public SimBlock BlockAt(ulong height) => _blocks[(int)height - 1];

    public Decision DecisionAt(ulong height) => _decisions[(int)height - 1];

    /// <summary>The validators of <paramref name="height"/> (known up to two heights past the head).</summary>
    public ValidatorSet SetAt(ulong height) => _scheduled.Last(kv => kv.Key <= height).Value;

    /// <summary>The proposer rotation of the next height to decide.</summary>
    public ProposerRotation NextRotation => _rotations[^1];

    /// <summary>valid(v) for the next height: the right height and parent, no poison, and every piece of evidence valid.</summary>
    public string? Check(SimBlock block, ISignatureVerifier verifier)
    {
        if (block.Height != Height + 1) return $"height {block.Height} is not {Height + 1}";
        if (block.Parent != HeadId) return "wrong parent";
        if (block.Poison) return "poisoned";
        if (block.Evidence.Count > _scenario.MaxEvidencePerBlock) return "too much evidence";
        var offenders = new HashSet<Address>();
        foreach (var e in block.Evidence)
        {
            if (CheckEvidence(e, block.Height, verifier) is { } error) return error;
            if (!offenders.Add(e.Validator)) return "two pieces of evidence against one validator";
        }

        return null;
    }

    /// <summary>Whether a block at <paramref name="atHeight"/> may carry <paramref name="evidence"/>.</summary>
    public string? CheckEvidence(DuplicateVoteEvidence evidence, ulong atHeight, ISignatureVerifier verifier)
    {
        if (evidence.Height >= atHeight) return "evidence from the future";
        if (evidence.Height + _scenario.EvidenceMaxAge < atHeight) return "evidence too old";
        if (!SetAt(evidence.Height).Contains(evidence.Validator)) return "the offender was not a validator then";
        if (_slashed.Contains(evidence.Validator)) return "already slashed";
        return evidence.Verify(_scenario.ChainId, verifier);
    }

    /// <summary>Appends a decided block: slashes its offenders (out of the set from h + 2), changes the era's set when the
    /// scenario says so, and moves the proposer rotation to the next height.</summary>
    public void Apply(Decision decision)
    {
        var block = (SimBlock)decision.Value;
        if (block.Height != Height + 1) throw new InvalidOperationException($"block {block.Height} applied at {Height}");
        _blocks.Add(block);
        _decisions.Add(decision);
        var h = block.Height;
        var effective = h + SetChangeOffset;
        var changed = false;
        var next = _scheduled.Last().Value;
        if (h == _scenario.EraChangeHeight)
        {
            next = _scenario.EraSet;
            changed = true;
        }

        foreach (var e in block.Evidence)
        {
            _slashed.Add(e.Validator);
            changed = true;
        }

        if (changed)
        {
            var remaining = next.Members.Where(v => !_slashed.Contains(v.Address)).ToList();
            // The chain never removes its last validator (staking's rule); the scenario never gets there.
            if (remaining.Count > 0) _scheduled[effective] = new ValidatorSet(remaining);
        }

        _rotations.Add(_rotations[^1].Next(SetAt(h + 1)));
    }
}
