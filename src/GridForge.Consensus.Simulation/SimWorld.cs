using GridForge.Consensus.Engine;

namespace GridForge.Consensus.Simulation;

/// <summary>One run of one seed: the simulated clock, the event queue (ordered by time, then by the order events were
/// made, so ties never depend on anything but the seed), the network, the processes and the checker.</summary>
public sealed class SimWorld
{
    private readonly PriorityQueue<Action, (long Time, long Sequence)> _events = new();
    private readonly SimRandom _network;
    private readonly List<SimNode> _nodes = [];
    private readonly int[][] _peers;
    private readonly Action<string>? _trace;
    private long _sequence;
    private bool _synced;
    private long _lastProgressMs;
    private readonly long[] _mutedUntil;
    private readonly long[] _behindSince;
    private readonly HashSet<(ulong Height, int Round)> _precommitted = [];

    public SimWorld(Scenario scenario, Action<string>? trace = null)
    {
        Scenario = scenario;
        _trace = trace;
        var rng = new SimRandom(scenario.Seed ^ 0x5EED_0F_5EED_0F5EUL);
        _network = rng.Fork();
        Verifier = new CachingVerifier();
        Checker = new Checker(scenario, Verifier);
        foreach (var instance in scenario.Instances) _nodes.Add(new SimNode(this, instance, rng.Fork()));
        _mutedUntil = new long[scenario.Instances.Count];
        _behindSince = new long[scenario.Instances.Count];
        _peers = [.. scenario.Instances.Select(a => scenario.Instances.Where(b => b.Index != a.Index && CanReach(a, b)).Select(b => b.Index).ToArray())];
    }

    public Scenario Scenario { get; }

    public CachingVerifier Verifier { get; }

    public Checker Checker { get; }

    public long Now { get; private set; }

    public long Deliveries { get; private set; }

    public long EventsRun { get; private set; }

    public bool ReachedTarget { get; private set; }

    internal IReadOnlyList<int> PeersOf(int instance) => _peers[instance];

    private static bool CanReach(SimInstance a, SimInstance b) =>
        (a.Reach is null || a.Reach.Contains(b.Index)) && (b.Reach is null || b.Reach.Contains(a.Index));

    internal void Trace(Func<string> line)
    {
        if (_trace is not null) _trace($"[{Now,7} ms] {line()}");
    }

    private void At(long time, Action action) => _events.Enqueue(action, (time, _sequence++));

    /// <summary>The network: partitions and loss drop a message, delays reorder it, sometimes it arrives twice; after
    /// GST it arrives within Δ, and a message sent before GST arrives by GST + Δ if it arrives at all.</summary>
    internal void Send(int from, int to, SimMessage message)
    {
        var s = Scenario;
        foreach (var p in s.Partitions)
        {
            if (p.Separates(Now, from, to)) return;
        }

        if (_mutedUntil[from] > Now) return;

        var lossy = Now < s.GstMs || s.Options.ConstantLossPermille is not null;
        if (lossy && _network.Chance(s.LossPermille)) return;
        var copies = _network.Chance(s.DuplicatePermille) ? 2 : 1;
        for (var c = 0; c < copies; c++)
        {
            var delay = Now < s.GstMs ? _network.Range(1, s.MaxDelayBeforeGstMs) : _network.Range(s.MinDelayAfterGstMs, s.MaxDelayAfterGstMs);
            var arrival = Math.Min(Now + delay, Math.Max(Now, s.GstMs) + s.MaxDelayAfterGstMs);
            At(arrival, () => Deliver(from, to, message));
        }
    }

    private void Deliver(int from, int to, SimMessage message)
    {
        var receiver = _nodes[to];
        if (!receiver.Up) return;
        Deliveries++;
        // A sender stops resending what the receiver could use where it is (as CometBFT gossips by its peers' round
        // state); a message for a height or round still ahead of the receiver is sent again later.
        var key = message.Key;
        var usable = key.Kind is not (1 or 2)
            || key.Height < receiver.ConsensusHeight
            || key.Height == receiver.ConsensusHeight + 1
            || (key.Height == receiver.ConsensusHeight && key.Round <= (long)receiver.ConsensusRound + 1);
        if (usable) _nodes[from].MarkDelivered(to, key);
        receiver.Receive(from, message);
    }

    internal void ScheduleTimeout(int node, int epoch, RoundTimeout timeout, long delayMs) =>
        At(Now + delayMs, () => _nodes[node].OnTimeout(epoch, timeout));

    internal void ScheduleNextHeight(int node, int epoch, long delayMs) => At(Now + delayMs, () => _nodes[node].StartNextHeight(epoch));

    /// <summary>A node decided: see whether every honest process is at the target, or (after GST) all have caught up.</summary>
    internal void OnDecided(SimNode node)
    {
        node.LastAdvanceMs = Now;
        if (node.Instance.Honest) _lastProgressMs = Now;
        var honest = _nodes.Where(n => n.Instance.Honest).ToList();
        var low = honest.Min(n => n.Chain.Height);
        if (low >= (ulong)Scenario.TargetHeight && Scenario.Options.DurationMs is null) ReachedTarget = true;
        if (!_synced && Now >= Scenario.GstMs && honest.All(n => n.Up) && low == honest.Max(n => n.Chain.Height))
        {
            _synced = true;
            Checker.SyncedFromHeight = low + 2;
            Trace(() => $"all honest processes at height {low}: rounds are bounded from height {low + 2}");
        }
    }

    /// <summary>True while <paramref name="instance"/>'s messages do not get out.</summary>
    internal bool IsMuted(int instance) => _mutedUntil[instance] > Now;

    /// <summary>An honest process is about to send a precommit for a value: before GST, the first of its round goes mute.</summary>
    internal void OnValuePrecommit(SimNode node, ulong height, int round, Core.Primitives.Address nextProposer)
    {
        if (!Scenario.MuteFirstPrecommitter || Now >= Scenario.GstMs || !node.Instance.Honest || !_precommitted.Add((height, round))) return;
        // The coordinated attacker strikes when the next round is its own to propose.
        if (Scenario.Adversarial && Scenario.IsHonest(nextProposer)) return;
        var until = Math.Min(Scenario.GstMs, Now + (Scenario.Adversarial ? _network.Range(3_000, 8_000) : _network.Range(500, 4_000)));
        _mutedUntil[node.Instance.Index] = until;
        Trace(() => $"#{node.Instance.Index} goes mute until {until} ms");
    }

    /// <summary>Catching up one height: the peer's status reaches a node ahead, the proof comes back, the next height starts.</summary>
    private long CatchUpMs => 2 * (Scenario.ResendAfterMs + Scenario.GossipIntervalMs + (3 * Scenario.MaxDelayAfterGstMs) + Scenario.CommitDelayMs);

    /// <summary>The longest a height may take after GST: every round up to the bound timing out, each with its messages.</summary>
    private long HeightBoundMs()
    {
        var s = Scenario;
        long total = s.CommitDelayMs + s.ResendAfterMs;
        for (var r = 0; r <= Checker.RoundBound(Checker.Oracle.NextRotation); r++)
        {
            total += s.Timeouts.Duration(TimeoutKind.Propose, r) + s.Timeouts.Duration(TimeoutKind.Prevote, r) + s.Timeouts.Duration(TimeoutKind.Precommit, r)
                + (4 * s.MaxDelayAfterGstMs);
        }

        return total;
    }

    /// <summary>Liveness after GST, checked every half second: some honest process moves to a new height within the time
    /// a height may take at the round bound, and no honest process stays two or more heights behind longer than it takes
    /// to catch up.</summary>
    private void Watch()
    {
        var s = Scenario;
        if (s.Options.DurationMs is not null || !s.Options.CheckLiveness || Checker.Failed) return;
        var since = Math.Max(_lastProgressMs, s.GstMs);
        if (Now - since > HeightBoundMs() + CatchUpMs)
        {
            Checker.Fail("liveness", $"no honest process decided a height for {Now - since} ms after GST (heights " +
                $"{string.Join(",", _nodes.Where(n => n.Instance.Honest).Select(n => n.Chain.Height))})", Now);
            return;
        }

        foreach (var node in _nodes.Where(n => n.Instance.Honest && n.Up))
        {
            var i = node.Instance.Index;
            if (node.Chain.Height + 2 > Checker.Oracle.Height)
            {
                _behindSince[i] = 0;
                continue;
            }

            if (_behindSince[i] == 0) _behindSince[i] = Now;
            if (Now - Math.Max(Math.Max(_behindSince[i], node.LastAdvanceMs), s.GstMs) > CatchUpMs)
            {
                Checker.Fail("liveness", $"honest instance #{i} stays at height {node.Chain.Height} while height {Checker.Oracle.Height} is decided", Now);
                return;
            }
        }

        At(Now + 500, Watch);
    }

    /// <summary>Runs until every honest process has decided the target height (or the duration is over), a property is
    /// broken, or the deadline passes (a liveness failure).</summary>
    public void Run()
    {
        var s = Scenario;
        Trace(() => s.ToString());
        foreach (var node in _nodes) At(0, node.Start);
        foreach (var c in s.Crashes)
        {
            At(c.AtMs, () => { if (_nodes[c.Instance].Up) _nodes[c.Instance].Crash(); });
            At(c.RestartMs, () =>
            {
                if (_nodes[c.Instance].Up) return;
                foreach (var other in _nodes) other.ForgetPeer(c.Instance);
                _nodes[c.Instance].Start();
            });
        }

        foreach (var p in s.Partitions)
        {
            At(p.StartMs, () => Trace(() => $"partition {string.Join("", p.Side)} until {p.EndMs} ms"));
        }

        At(s.GstMs, () => Trace(() => "GST: the network is timely from now on"));
        At(s.GstMs, Watch);
        foreach (var node in _nodes)
        {
            var first = 1 + _network.Range(0, s.GossipIntervalMs);
            GossipLoop(node, first);
        }

        var deadline = Deadline();
        while (_events.TryDequeue(out var action, out var when))
        {
            if (when.Time > deadline)
            {
                if (s.Options.DurationMs is null && s.Options.CheckLiveness)
                {
                    Checker.Fail("liveness", $"honest processes reached heights " +
                        $"{string.Join(",", _nodes.Where(n => n.Instance.Honest).Select(n => n.Chain.Height))} of {s.TargetHeight} by {deadline} ms", deadline);
                }

                Now = deadline;
                return;
            }

            Now = when.Time;
            EventsRun++;
            action();
            if (Checker.Failed) return;
            if (ReachedTarget)
            {
                Checker.AtEnd(Now);
                return;
            }
        }
    }

    private void GossipLoop(SimNode node, long at) => At(at, () =>
    {
        node.Gossip();
        GossipLoop(node, Now + Scenario.GossipIntervalMs);
    });

    /// <summary>The latest a correct run can reach its target: GST, catching up every height, then every height at its
    /// round bound with every timeout expiring (generous: a backstop; the per-height round bound is the sharp check).</summary>
    private long Deadline()
    {
        var s = Scenario;
        if (s.Options.DurationMs is { } duration) return duration;
        var slowest = 0;
        while (Math.Min(s.Timeouts.Duration(TimeoutKind.Prevote, slowest), s.Timeouts
            .Duration(TimeoutKind.Precommit, slowest)) < 3 * s.MaxDelayAfterGstMs) slowest++;
        long perHeight = 0;
        for (var r = 0; r <= slowest + 8; r++)
        {
            perHeight += s.Timeouts.Duration(TimeoutKind.Propose, r) + s.Timeouts.Duration(TimeoutKind.Prevote, r) + s.Timeouts
                .Duration(TimeoutKind.Precommit, r) + (4 * s.MaxDelayAfterGstMs);
        }

        return s.GstMs + (s.TargetHeight * (perHeight + s.ResendAfterMs + s.CommitDelayMs));
    }
}
