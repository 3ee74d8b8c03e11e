using GridForge.Chain.Blocks;
using GridForge.Consensus.Engine;
using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Core.Crypto;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Staking;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Harness;

/// <summary>Several validators' <see cref="ChainNode"/>s, each in its own directory with its own consensus core, wired
/// in one process: every broadcast reaches every other core at once, in order; when nothing is in flight the earliest
/// timeout fires. The chain side of consensus (build, judge, commit, evidence) runs for real, staking included.
/// Genesis: validators bonded (and powered) 4,000, 3,000, 2,000 and 1,000 GRID; a nominator backs the third.</summary>
internal sealed class LocalNetwork : IDisposable
{
    public const ulong Unit = 1_000_000;
    private readonly List<TempDirectory> _directories = [];
    private readonly Queue<(int To, object Message)> _inFlight = new();
    private readonly List<(long Due, long Order, int Node, RoundTimeout Timeout)> _timeouts = [];
    private long _clock;
    private long _order;

    public LocalNetwork(int validators = 4, Action<GenesisBuilder>? customize = null)
    {
        Keys = [.. Enumerable.Range(1, validators).Select(i => TestKeys.Outsider($"net-v{i}"))];
        Nominator = TestKeys.Outsider("net-nominator");
        var builder = Build.A.Genesis.ForChain("gridforge-net-test").At(GenesisBuilder.DefaultTime)
            .WithParam("staking", "era_blocks", 1_000).WithParam("staking", "validator_count", validators).WithParam("staking", "unbonding_eras", 2);
        for (var i = 0; i < validators; i++) builder.WithValidator(Keys[i], PowerOf(i)).WithAccount(Keys[i], 10_000 * Unit, 10_000 * Unit);
        builder.WithAccount(Nominator, 10_000 * Unit, 10_000 * Unit);
        builder.WithSection(StakingGenesis.SectionName, new StakingGenesis
        {
            Validators = [.. Keys.Select((k, i) => new StakingGenesisValidator { Address = k.Address.ToString(), Bond = PowerOf(i) * Unit, CommissionPpb =
                0 })],
            Nominators = validators > 2 ? [new StakingGenesisNominator { Address = Nominator.Address.ToString(), Bond = 500 * Unit, Targets =
                [Keys[2].Address.ToString()] }] : [],
        }.ToJsonElement());
        customize?.Invoke(builder);
        Genesis = builder.TestObject;
        foreach (var key in Keys)
        {
            var directory = new TempDirectory();
            _directories.Add(directory);
            var node = ChainNode.Open(directory.Path, Genesis, key);
            Nodes.Add(node);
            Cores.Add(node.CreateCore()!);
        }
    }

    private static ulong PowerOf(int i) => (ulong)(4 - (i % 4)) * 1_000;

    public List<SigningKey> Keys { get; }

    public SigningKey Nominator { get; }

    public GenesisDocument Genesis { get; }

    public List<ChainNode> Nodes { get; } = [];

    public List<ConsensusCore> Cores { get; } = [];

    public List<string> Directories => [.. _directories.Select(d => d.Path)];

    /// <summary>Evidence each node's core detected.</summary>
    public List<(int Node, DuplicateVoteEvidence Evidence)> Detected { get; } = [];

    /// <summary>Messages to one node that are dropped (a node cut off), by node index.</summary>
    public HashSet<int> Deaf { get; } = [];

    /// <summary>Called on every vote a core broadcasts, before delivery (a test may inject what it likes then).</summary>
    public Action<int, SignedVote>? OnVote { get; set; }

    /// <summary>Starts every core at its node's next height.</summary>
    public void Start()
    {
        for (var i = 0; i < Nodes.Count; i++) Handle(i, Cores[i].StartHeight(Nodes[i].Height + 1, Nodes[i].NextRotation));
    }

    /// <summary>Runs until every node has committed <paramref name="height"/> (or the step budget runs out).</summary>
    public void RunUntil(ulong height, int maxSteps = 100_000)
    {
        for (var step = 0; step < maxSteps && Nodes.Any(n => n.Height < height); step++)
        {
            if (_inFlight.TryDequeue(out var item))
            {
                Deliver(item.To, item.Message);
                continue;
            }

            if (_timeouts.Count == 0) throw new InvalidOperationException($"nothing left to do at heights {string.Join(",", Nodes.Select(n => n.Height))}");
            var next = _timeouts.MinBy(t => (t.Due, t.Order));
            _timeouts.Remove(next);
            _clock = Math.Max(_clock, next.Due);
            Handle(next.Node, Cores[next.Node].OnTimeout(next.Timeout));
        }

        if (Nodes.Any(n => n.Height < height)) throw new InvalidOperationException(
            $"height {height} was not reached: {string.Join(",", Nodes.Select(n => n.Height))}");
    }

    /// <summary>Delivers a message to every node (as if its sender broadcast it).</summary>
    public void Broadcast(object message)
    {
        for (var i = 0; i < Nodes.Count; i++) _inFlight.Enqueue((i, message));
    }

    private void Deliver(int to, object message)
    {
        if (Deaf.Contains(to)) return;
        var core = Cores[to];
        switch (message)
        {
            case BroadcastProposal p:
                Handle(to, core.OnProposal(p.Proposal, p.Value));
                break;
            case SignedVote v:
                Handle(to, core.OnVote(v));
                break;
            case DuplicateVoteEvidence e:
                Nodes[to].AddEvidence(e);
                break;
        }
    }

    private void Handle(int node, IReadOnlyList<ConsensusOutput> outputs)
    {
        var work = new Queue<ConsensusOutput>(outputs);
        while (work.TryDequeue(out var output))
        {
            var core = Cores[node];
            var chain = Nodes[node];
            switch (output)
            {
                case BroadcastProposal p:
                    for (var i = 0; i < Nodes.Count; i++) if (i != node) _inFlight.Enqueue((i, p));
                    break;
                case BroadcastVote v:
                    OnVote?.Invoke(node, v.Vote);
                    for (var i = 0; i < Nodes.Count; i++) if (i != node) _inFlight.Enqueue((i, v.Vote));
                    break;
                case ScheduleTimeout t:
                    _timeouts.Add((_clock + t.DelayMs, _order++, node, t.Timeout));
                    break;
                case RequestValue r:
                    var block = chain.BuildProposal(r.Height, Genesis.GenesisTime + (long)r.Height);
                    foreach (var o in core.OnValueToPropose(r.Height, r.Round, block)) work.Enqueue(o);
                    break;
                case RequestValidity q:
                    foreach (var o in core.OnValidity(q.Height, q.Value.Id, chain.ValidateProposal((Block)q.Value) is null)) work.Enqueue(o);
                    break;
                case Decided d:
                    chain.CommitDecision(d.Decision);
                    foreach (var o in core.StartHeight(chain.Height + 1, chain.NextRotation)) work.Enqueue(o);
                    break;
                case EvidenceDetected e:
                    Detected.Add((node, e.Evidence));
                    chain.AddEvidence(e.Evidence);
                    for (var i = 0; i < Nodes.Count; i++) if (i != node) _inFlight.Enqueue((i, e.Evidence));
                    break;
            }
        }
    }

    /// <summary>A vote of validator <paramref name="validator"/> signed with its key directly (past its guard): the
    /// equivocation a Byzantine validator makes.</summary>
    public SignedVote SignDirectly(int validator, Vote vote) =>
        new(vote, Keys[validator].Address, Keys[validator].Sign(vote.SignBytes(Genesis.ChainId).ToArray()));

    public void Dispose()
    {
        foreach (var n in Nodes) n.Dispose();
        foreach (var d in _directories) d.Dispose();
    }
}
