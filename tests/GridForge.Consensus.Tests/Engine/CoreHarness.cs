using GridForge.Consensus.Engine;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Consensus.Validators;
using GridForge.Core.Crypto;

namespace GridForge.Consensus.Tests.Engine;

/// <summary>Cores of one validator set wired by hand: each broadcast is delivered to every other core at once (in
/// order), values are proposed as "h{height}r{round}", every value is valid unless listed, and timeouts fire only when
/// a test fires them.</summary>
internal sealed class CoreHarness
{
    private readonly Queue<(int From, ConsensusOutput Output)> _pending = new();

    public CoreHarness(int n, ulong[]? powers = null, ConsensusConfig? config = null)
    {
        Keys = TestValidators.Keys(n);
        Set = TestValidators.Set(Keys, powers ?? []);
        Config = config ?? new ConsensusConfig(TestValidators.ChainId);
        Stores = [.. Keys.Select(_ => new MemorySignStateStore())];
        Cores = [.. Keys.Select((k, i) => new ConsensusCore(Config, new DoubleSignGuard(k, Stores[i], TestValidators.ChainId)))];
    }

    public List<SigningKey> Keys { get; }

    public ValidatorSet Set { get; }

    public ConsensusConfig Config { get; }

    public List<MemorySignStateStore> Stores { get; }

    public List<ConsensusCore> Cores { get; }

    public HashSet<int> Deaf { get; } = [];

    public HashSet<string> Invalid { get; } = [];

    public List<(int Node, ConsensusOutput Output)> Log { get; } = [];

    public ProposerRotation Rotation(ulong height)
    {
        var r = ProposerRotation.Start(Set);
        for (ulong h = 1; h < height; h++) r = r.Next(Set);
        return r;
    }

    public void StartAll(ulong height = 1)
    {
        for (var i = 0; i < Cores.Count; i++) Feed(i, Cores[i].StartHeight(height, Rotation(height)));
        Drain();
    }

    public void Feed(int node, IReadOnlyList<ConsensusOutput> outputs)
    {
        foreach (var o in outputs)
        {
            Log.Add((node, o));
            _pending.Enqueue((node, o));
        }
    }

    public void Drain()
    {
        while (_pending.TryDequeue(out var item))
        {
            var (from, output) = item;
            var core = Cores[from];
            switch (output)
            {
                case RequestValue r:
                    Feed(from, core.OnValueToPropose(r.Height, r.Round, new TestValue($"h{r.Height}r{r.Round}")));
                    break;
                case RequestValidity v:
                    Feed(from, core.OnValidity(v.Height, v.Value.Id, !Invalid.Contains(((TestValue)v.Value).Name)));
                    break;
                case BroadcastProposal p:
                    for (var i = 0; i < Cores.Count; i++) if (i != from && !Deaf.Contains(i)) Feed(i, Cores[i].OnProposal(p.Proposal, p.Value));
                    break;
                case BroadcastVote v:
                    for (var i = 0; i < Cores.Count; i++) if (i != from && !Deaf.Contains(i)) Feed(i, Cores[i].OnVote(v.Vote));
                    break;
            }
        }
    }

    public void FireTimeouts(TimeoutKind kind)
    {
        for (var i = 0; i < Cores.Count; i++)
        {
            Feed(i, Cores[i].OnTimeout(new RoundTimeout(kind, Cores[i].Height, Cores[i].Round)));
        }

        Drain();
    }

    public IEnumerable<T> OutputsOf<T>(int node) where T : ConsensusOutput => Log.Where(l => l.Node == node).Select(l => l.Output).OfType<T>();

    public SignedVote Vote(int validator, VoteType type, ulong height, int round, TestValue? value) =>
        new DoubleSignGuard(Keys[validator], new MemorySignStateStore(), TestValidators.ChainId)
            .SignVote(new Vote(type, height, round, value?.Id), LockState.None, [])!;

    public SignedProposal Proposal(int validator, ulong height, int round, TestValue value, int validRound = -1) =>
        new DoubleSignGuard(Keys[validator], new MemorySignStateStore(), TestValidators.ChainId)
            .SignProposal(new Proposal(height, round, value.Id, validRound), LockState.None, [])!;

    public int IndexOf(Core.Primitives.Address address) => Keys.FindIndex(k => k.Address == address);
}
