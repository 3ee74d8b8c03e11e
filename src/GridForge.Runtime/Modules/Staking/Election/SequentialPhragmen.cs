using System.Numerics;

namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>Sequential Phragmén with optional star balancing, as Polkadot's <c>sp-npos-elections</c> defines it
/// (<c>seq_phragmen</c>, <c>seq_phragmen_core</c>, <c>balancing::balance</c>, <c>setup_inputs</c>), so the staking
/// module, the CLI's <c>staking elect</c> and the tests run one piece of code.</summary>
/// <remarks>
/// Differences from Substrate, all deliberate and all about arithmetic, never about the steps:
/// <list type="bullet">
/// <item>Loads and scores are exact rationals (Substrate approximates them as 128-bit fractions with denominator
/// u128::MAX), so a winner is the true minimum score. Ties (exactly equal scores) go to the candidate listed first,
/// as Rust's <c>min_by_key</c> does.</item>
/// <item>Edge weights are floored to whole stake units from the exact loads and then normalized to the voter's stake
/// with Substrate's own <c>normalize</c>, so every voter spends exactly its stake and no unit is created or lost.
/// Substrate floors from its approximate loads first, so in rare cases a weight differs by a unit before
/// normalization.</item>
/// <item>Balancing works on the integer weights exactly as Substrate's does (same order, same integer division).</item>
/// <item>A candidate listed twice counts once (its first place decides its tie-break order).</item>
/// </list>
/// Inputs are cleaned up as Substrate's <c>setup_inputs</c> does: a voter's duplicate targets count once, targets
/// that are not candidates are dropped, and a voter left with no target is dropped. A candidate nobody backs can
/// still be elected when seats remain (with backing 0); callers decide what that seat means.
/// </remarks>
public static partial class SequentialPhragmen
{
    /// <summary>Elects up to <paramref name="toElect"/> of <paramref name="candidates"/>, then runs up to
    /// <paramref name="balanceIterations"/> rounds of balancing that stop early once no voter moves more than
    /// <paramref name="tolerance"/>.</summary>
    public static ElectionResult<TId> Elect<TId>(int toElect, IReadOnlyList<TId> candidates, IReadOnlyList<ElectionVoter<TId>> voters,
        int balanceIterations = 0, UInt128 tolerance = default)
        where TId : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegative(toElect);
        ArgumentOutOfRangeException.ThrowIfNegative(balanceIterations);
        var (cands, ids, vs) = Setup(candidates, voters);
        Core(toElect, cands, vs);
        if (balanceIterations > 0) Balance(vs, balanceIterations, tolerance);

        var winners = cands.Where(c => c.Elected).OrderBy(c => c.Round)
            .Select(c => new ElectionWinner<TId>(ids[c.Index], c.Backed, c.Round)).ToList();
        var assignments = vs
            .Select(v => new ElectionAssignment<TId>(voters[v.Index].Id, v.Budget,
                v.Edges.Where(e => e.Weight > 0).Select(e => new ElectionEdge<TId>(ids[e.Candidate.Index], e.Weight)).ToList()))
            .Where(a => a.Distribution.Count > 0)
            .ToList();
        return new ElectionResult<TId>(winners, assignments);
    }

    private static (List<Candidate> Candidates, List<TId> Ids,
        List<Voter> Voters) Setup<TId>(IReadOnlyList<TId> candidates, IReadOnlyList<ElectionVoter<TId>> voters)
        where TId : notnull
    {
        var index = new Dictionary<TId, Candidate>();
        var list = new List<Candidate>();
        var ids = new List<TId>();
        foreach (var id in candidates)
        {
            if (index.ContainsKey(id)) continue;
            var c = new Candidate(list.Count);
            index[id] = c;
            list.Add(c);
            ids.Add(id);
        }

        var result = new List<Voter>();
        for (var i = 0; i < voters.Count; i++)
        {
            var voter = new Voter(i, voters[i].Stake);
            foreach (var target in voters[i].Targets)
            {
                if (!index.TryGetValue(target, out var c) || voter.Edges.Any(e => e.Candidate == c)) continue;
                c.Approval = checked(c.Approval + voter.Budget);
                voter.Edges.Add(new Edge(c));
            }

            if (voter.Edges.Count > 0) result.Add(voter);
        }

        return (list, ids, result);
    }

    private static void Core(int toElect, List<Candidate> candidates, List<Voter> voters)
    {
        var rounds = Math.Min(toElect, candidates.Count);
        // Every voter's load is 0 or the score of a winner, so the scores of a round share one denominator D (the lcm
        // of the winners' score denominators): score(c) = (D + Σ_w budgets(c, w) × D·score(w)) / (D × approval(c)),
        // where budgets(c, w) sums the stakes of c's voters whose load is score(w). Exact, with few big-number steps.
        var loads = new List<Ratio>();
        var budgets = candidates.Select(_ => new UInt128[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var common = BigInteger.One;
            foreach (var load in loads) common = common / BigInteger.GreatestCommonDivisor(common, load.Denominator) * load.Denominator;
            var scaled = loads.Select(l => l.Numerator * (common / l.Denominator)).ToArray();
            foreach (var b in budgets) Array.Clear(b);
            foreach (var voter in voters)
            {
                if (voter.Budget == 0 || voter.LoadIndex < 0) continue;
                foreach (var edge in voter.Edges)
                {
                    if (!edge.Candidate.Elected) budgets[edge.Candidate.Index][voter.LoadIndex] = checked(budgets[edge.Candidate.Index][voter.LoadIndex]
                        + voter.Budget);
                }
            }

            Candidate? winner = null;
            BigInteger winnerNumerator = default;
            foreach (var c in candidates)
            {
                if (c.Elected) continue;
                if (c.Approval == 0)
                {
                    // Score ∞: chosen only when every candidate left is unbacked, then the first of them.
                    winner ??= c;
                    continue;
                }

                var numerator = common;
                for (var w = 0; w < loads.Count; w++)
                {
                    if (budgets[c.Index][w] != 0) numerator += (BigInteger)budgets[c.Index][w] * scaled[w];
                }

                // Strictly less: equal scores keep the candidate listed first. Same D, so compare N/approval.
                if (winner is null || winner.Approval == 0 || (numerator * (BigInteger)winner.Approval) < (winnerNumerator * (BigInteger)c.Approval))
                {
                    winner = c;
                    winnerNumerator = numerator;
                }
            }

            if (winner is null) break;
            winner.Elected = true;
            winner.Round = round;
            if (winner.Approval == 0) continue; // only voters of stake 0 approve it; their loads no longer matter
            winner.Score = Ratio.Of(winnerNumerator, common * (BigInteger)winner.Approval);
            loads.Add(winner.Score);
            foreach (var voter in voters)
            {
                foreach (var edge in voter.Edges)
                {
                    if (edge.Candidate != winner) continue;
                    edge.Load = winner.Score.Subtract(voter.Load);
                    voter.Load = winner.Score;
                    voter.LoadIndex = loads.Count - 1;
                }
            }
        }

        foreach (var voter in voters)
        {
            foreach (var edge in voter.Edges)
            {
                edge.Weight = edge.Candidate.Elected && voter.Budget != 0 && !voter.Load.IsZero
                    ? ToUInt128(edge.Load.Numerator * voter.Load.Denominator * voter.Budget / (edge.Load.Denominator * voter.Load.Numerator))
                    : 0;
                edge.Candidate.Backed = checked(edge.Candidate.Backed + edge.Weight);
            }

            voter.Edges.RemoveAll(e => e.Weight == 0);
            NormalizeElected(voter);
        }
    }

    /// <summary>Substrate's <c>Voter::try_normalize_elected</c>: the elected edges' weights sum to the voter's budget.</summary>
    private static void NormalizeElected(Voter voter)
    {
        var elected = voter.Edges.Where(e => e.Candidate.Elected).ToList();
        var corrected = Normalizer.Normalize(elected.Select(e => e.Weight).ToList(), voter.Budget);
        for (var i = 0; i < elected.Count; i++)
        {
            var edge = elected[i];
            edge.Candidate.Backed = checked(edge.Candidate.Backed - edge.Weight + corrected[i]);
            edge.Weight = corrected[i];
        }
    }

    private static UInt128 ToUInt128(BigInteger value) => (UInt128)value;

    private sealed class Candidate(int index)
    {
        public int Index { get; } = index;
        public UInt128 Approval { get; set; }
        public Ratio Score { get; set; } = Ratio.Zero;
        public UInt128 Backed { get; set; }
        public bool Elected { get; set; }
        public int Round { get; set; }
    }

    private sealed class Edge(Candidate candidate)
    {
        public Candidate Candidate { get; } = candidate;
        public Ratio Load { get; set; } = Ratio.Zero;
        public UInt128 Weight { get; set; }
    }

    private sealed class Voter(int index, ulong budget)
    {
        public int Index { get; } = index;
        public ulong Budget { get; } = budget;
        public Ratio Load { get; set; } = Ratio.Zero;

        /// <summary>Which winner's score the load is (−1 while it is 0).</summary>
        public int LoadIndex { get; set; } = -1;

        public List<Edge> Edges { get; } = [];
    }
}
