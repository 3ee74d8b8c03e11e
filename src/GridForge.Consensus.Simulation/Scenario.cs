using System.Globalization;
using GridForge.Consensus.Engine;
using GridForge.Consensus.Validators;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>Everything one seed decides about a run: the validators and their unequal powers, who is Byzantine and how,
/// the era change, the network before and after global stabilisation time (GST), partitions and crashes. Drawn from
/// the seed alone, so a seed is a complete description of a run.</summary>
public sealed class Scenario
{
    public const string SimChainId = "gridforge-sim";

    private static readonly SigningKey[] KeyCache = [.. Enumerable.Range(0, 16).Select(i =>
        SigningKey.FromSeed(Hashing.Domain("gridforge sim validator", BitConverter.GetBytes(i)).ToArray()))];

    private Scenario()
    {
    }

    public required ulong Seed { get; init; }

    public required SimOptions Options { get; init; }

    public string ChainId => SimChainId;

    public required IReadOnlyList<SimInstance> Instances { get; init; }

    public required ValidatorSet GenesisSet { get; init; }

    /// <summary>The height whose end elects <see cref="EraSet"/> (0: no era change).</summary>
    public required ulong EraChangeHeight { get; init; }

    public required ValidatorSet EraSet { get; init; }

    public required IReadOnlySet<Address> ByzantineKeys { get; init; }

    public required IReadOnlyList<Partition> Partitions { get; init; }

    public required IReadOnlyList<Crash> Crashes { get; init; }

    public required long GstMs { get; init; }

    /// <summary>Before GST, the first honest process to precommit a value in a round goes mute for a while (its messages
    /// stop getting out, as over a failing uplink): it may decide while the others, locked but undecided, go on to
    /// later rounds — the situation the lock exists for.</summary>
    public required bool MuteFirstPrecommitter { get; init; }

    /// <summary>Played by the coordinated attacker (<see cref="SimOptions.AdversarialPermille"/>).</summary>
    public required bool Adversarial { get; init; }

    /// <summary>How the attacker, as proposer, answers a value others may be locked on: with a fresh value that claims
    /// the latest valid round (true), or with a fresh value and no valid round (false, "amnesia").</summary>
    public required bool AttackerClaimsValidRound { get; init; }

    public required int LossPermille { get; init; }

    public required int DuplicatePermille { get; init; }

    public required long MaxDelayBeforeGstMs { get; init; }

    /// <summary>Δ: after GST every message between correct processes arrives within this.</summary>
    public required long MaxDelayAfterGstMs { get; init; }

    public required TimeoutSettings Timeouts { get; init; }

    public required int TargetHeight { get; init; }

    /// <summary>After GST no message is faster than this (a slow network is slow for every message).</summary>
    public required long MinDelayAfterGstMs { get; init; }

    public long GossipIntervalMs => 500;

    public long ResendAfterMs => 1_000;

    public long CommitDelayMs => 20;

    public ulong EvidenceMaxAge => 100;

    public int MaxEvidencePerBlock => 8;

    public bool IsHonest(Address validator) => !ByzantineKeys.Contains(validator);

    /// <summary>The round after GST by which a height must be decided (the paper's termination proof): from the first
    /// round whose timeouts all cover two message delays (a round's start skew and a message, plus the commit pause),
    /// until every honest validator has proposed once — the one whose valid round is the highest of all honest locks
    /// (locks made before GST may be known to it alone) is among them — plus one round of slack.</summary>
    public int RoundBound(ValidatorSet set, Func<int, Address> proposerOf)
    {
        var needed = (2 * MaxDelayAfterGstMs) + CommitDelayMs;
        var r = 0;
        while (Math.Min(Timeouts.Duration(TimeoutKind.Propose, r),
            Math.Min(Timeouts.Duration(TimeoutKind.Prevote, r), Timeouts.Duration(TimeoutKind.Precommit, r))) < needed) r++;
        var waiting = set.Members.Select(m => m.Address).Where(IsHonest).ToHashSet();
        for (; waiting.Count > 0 && r < 100_000; r++) waiting.Remove(proposerOf(r));
        return r;
    }

    /// <summary>Draws the scenario of <paramref name="seed"/> under <paramref name="options"/>.</summary>
    public static Scenario Generate(ulong seed, SimOptions options)
    {
        if (options.Validators is < 1 or > 15) throw new ArgumentException("1 to 15 validators");
        if (options.Byzantine < 0 || options.Byzantine >= options.Validators) throw new ArgumentException(
            "the Byzantine validators must be fewer than the validators");

        var rng = new SimRandom(seed);
        var adversarial = options.DurationMs is null && options.Byzantine > 0 && rng.Chance(options.AdversarialPermille);
        var n = options.Validators;
        var f = options.Byzantine;
        var order = Enumerable.Range(0, n).ToList();
        rng.Shuffle(order);
        var byzantine = order.Take(f).ToHashSet();
        var genesis = Powers(rng, byzantine, options.ByzantineAtOneThird, adversarial, [.. Enumerable.Range(0, n)]);

        // The era change: one honest validator leaves, a standby key (index n) joins, all powers are drawn again.
        var eraHeight = options.EraChange && options.Heights >= 6 ? (ulong)rng.Range(3, options.Heights / 2) : 0UL;
        var honest = Enumerable.Range(0, n).Where(i => !byzantine.Contains(i)).ToList();
        var leaving = honest.Count > 2 && eraHeight > 0 ? rng.Pick(honest) : -1;
        var eraMembers = Enumerable.Range(0, n + 1).Where(i => i != leaving && (i < n || eraHeight > 0)).ToList();
        var era = eraHeight > 0 ? Powers(rng, byzantine, options.ByzantineAtOneThird, adversarial, eraMembers) : genesis;

        // Instances: one per honest validator and per equivocator, two per twin, and the standby.
        var kinds = byzantine.ToDictionary(b => b, _ => rng.Chance(500) ? ByzantineKind.Twins : ByzantineKind.Equivocator);
        var plan = new List<(int Validator, bool Honest, ByzantineKind? Kind)>();
        for (var v = 0; v <= n; v++)
        {
            if (v == n && eraHeight == 0) break;
            if (!byzantine.Contains(v)) plan.Add((v, true, null));
            else if (kinds[v] == ByzantineKind.Twins) plan.AddRange([(v, false, ByzantineKind.Twins), (v, false, ByzantineKind.Twins)]);
            else plan.Add((v, false, ByzantineKind.Equivocator));
        }

        var honestInstances = plan.Select((p, i) => (p, i)).Where(x => x.p.Honest).Select(x => x.i).ToList();
        var instances = new List<SimInstance>();
        var twinSide = new Dictionary<int, HashSet<int>[]>();
        for (var i = 0; i < plan.Count; i++)
        {
            var (v, isHonest, kind) = plan[i];
            IReadOnlySet<int>? reach = null;
            if (kind == ByzantineKind.Twins)
            {
                if (!twinSide.TryGetValue(v, out var sides))
                {
                    // Each twin talks to its own half of the honest instances (and to the other Byzantine instances).
                    var shuffled = honestInstances.ToList();
                    rng.Shuffle(shuffled);
                    var cut = 1 + rng.Below(Math.Max(1, shuffled.Count - 1));
                    sides = [[.. shuffled.Take(cut)], [.. shuffled.Skip(cut)]];
                    twinSide[v] = sides;
                    reach = sides[0];
                }
                else
                {
                    reach = sides[1];
                }
            }

            instances.Add(new SimInstance(i, v, KeyCache[v], isHonest, kind, reach));
        }

        // The network: faulty until GST, then timely (within Δ); sometimes slow enough to need longer timeouts.
        var gst = options.DurationMs is null ? (adversarial ? rng.Range(15_000, 30_000) : rng.Range(2_000, 12_000)) : 0;
        var slow = rng.Chance(options.SlowNetworkPermille);
        var partitions = new List<Partition>();
        if (options.Partitions && options.DurationMs is null)
        {
            for (var k = rng.Below(3); k > 0; k--)
            {
                var start = rng.Range(0, gst - 500);
                var end = Math.Min(gst, start + rng.Range(1_000, 8_000));
                partitions.Add(new Partition(start, end, [.. instances.Select(_ => rng.Below(2))]));
            }
        }

        var crashes = new List<Crash>();
        if (options.Crashes && options.DurationMs is null)
        {
            var candidates = instances.Where(i => i.Honest).Select(i => i.Index).ToList();
            for (var k = rng.Below(3); k > 0; k--)
            {
                var at = rng.Range(0, gst - 200);
                crashes.Add(new Crash(rng.Pick(candidates), at, Math.Min(gst, at + rng.Range(200, 6_000))));
            }
        }

        return new Scenario
        {
            Seed = seed,
            Options = options,
            Instances = instances,
            GenesisSet = genesis,
            EraChangeHeight = eraHeight,
            EraSet = era,
            ByzantineKeys = byzantine.Select(b => KeyCache[b].Address).ToHashSet(),
            Partitions = partitions,
            Crashes = crashes,
            GstMs = gst,
            MuteFirstPrecommitter = adversarial || (options.Partitions && options.DurationMs is null && rng.Chance(500)),
            Adversarial = adversarial,
            AttackerClaimsValidRound = adversarial && rng.Chance(500) is var claims && (options.AttackerClaimsValidRound ?? claims),
            LossPermille = options.ConstantLossPermille ?? (options.DurationMs is null ? (int)rng.Range(0, 300) : 0),
            DuplicatePermille = (int)rng.Range(0, 80),
            MaxDelayBeforeGstMs = adversarial ? rng.Range(700, 1_500) : rng.Range(50, 1_500),
            MaxDelayAfterGstMs = slow ? rng.Range(2_000, 3_000) : rng.Range(20, 200),
            MinDelayAfterGstMs = slow ? 1_000 : 1,
            TargetHeight = slow ? Math.Min(6, options.Heights) : options.Heights,
            Timeouts = new TimeoutSettings { ProposeMs = 1_000, ProposeDeltaMs = 750, PrevoteMs = 500, PrevoteDeltaMs = 750, PrecommitMs = 500,
                PrecommitDeltaMs = 750 },
        };
    }

    /// <summary>Unequal powers for <paramref name="members"/>: honest ones 10–100, Byzantine ones together below half the
    /// honest total, so below 1/3 of all (or exactly 1/3 for the 2/3 mutant's runs).</summary>
    private static ValidatorSet Powers(SimRandom rng, HashSet<int> byzantine, bool atOneThird, bool strongest, List<int> members)
    {
        var powers = new Dictionary<int, ulong>();
        foreach (var m in members.Where(m => !byzantine.Contains(m))) powers[m] = (ulong)rng.Range(10, 100);
        var honestTotal = powers.Values.Aggregate(0UL, (s, p) => s + p);
        var faulty = members.Where(byzantine.Contains).ToList();
        if (faulty.Count > 0)
        {
            if (atOneThird && honestTotal % 2 == 1)
            {
                powers[powers.Keys.First()] += 1;
                honestTotal += 1;
            }

            // Byzantine total B with 2B < H (B/(H+B) < 1/3), or 2B = H for exactly 1/3.
            var budget = atOneThird ? honestTotal / 2 : strongest ? (honestTotal - 1) / 2 : (ulong)rng.Range(faulty.Count, (long)((honestTotal - 1) / 2));
            for (var i = 0; i < faulty.Count; i++)
            {
                var share = i == faulty.Count - 1 ? budget : Math.Max(1, budget / (ulong)faulty.Count);
                powers[faulty[i]] = share;
                budget -= share;
            }
        }

        return new ValidatorSet(powers.Select(kv => new Validator(KeyCache[kv.Key].Address, kv.Value)));
    }

    public override string ToString() =>
        $"seed {Seed}{(Adversarial ? " (attacker)" : "")}: {GenesisSet.Count} validators ({string.Join(" ", Instances.Select(Describe))}), GST {GstMs} ms, " +
        $"loss {LossPermille}‰, " +
        $"dup {DuplicatePermille}‰, delay ≤{MaxDelayBeforeGstMs} ms then ≤{MaxDelayAfterGstMs} ms, {Partitions.Count} partitions{(MuteFirstPrecommitter ? " " +
        "and first precommitters muted" : "")}, {Crashes.Count} crashes, " +
        $"era change at {(EraChangeHeight == 0 ? "none" : EraChangeHeight.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    private string Describe(SimInstance i) =>
        $"#{i.Index}=v{i.Validator}:{(GenesisSet.PowerOf(i.Key.Address) is var p and > 0 ? p.ToString(CultureInfo.InvariantCulture) : "-")}"
        + (i.Honest ? "" : i.Kind == ByzantineKind.Twins ? "T" : "E");
}
