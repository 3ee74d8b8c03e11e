namespace GridForge.Runtime.Modules.Staking.Election;

/// <summary>Star balancing (Substrate's <c>balancing::balance</c> and <c>balance_voter</c>), in integers as there.</summary>
public static partial class SequentialPhragmen
{
    private static UInt128 SaturatingSub(UInt128 a, UInt128 b) => a > b ? a - b : 0;

    /// <summary>Balances every voter once per iteration, in order, until no voter moves more than the tolerance.</summary>
    private static void Balance(List<Voter> voters, int iterations, UInt128 tolerance)
    {
        for (var iteration = 1; ; iteration++)
        {
            UInt128 maxDiff = 0;
            foreach (var voter in voters)
            {
                var diff = BalanceVoter(voter, tolerance);
                if (diff > maxDiff) maxDiff = diff;
            }

            if (maxDiff <= tolerance || iteration >= iterations) return;
        }
    }

    private static UInt128 BalanceVoter(Voter voter, UInt128 tolerance)
    {
        var elected = voter.Edges.Where(e => e.Candidate.Elected).ToList();
        if (elected.Count <= 1) return 0;

        UInt128 stakeUsed = 0;
        foreach (var e in elected) stakeUsed = checked(stakeUsed + e.Weight);
        var minStake = elected.Min(e => e.Candidate.Backed);
        var spent = elected.Where(e => e.Weight > 0).ToList();
        UInt128 difference;
        if (spent.Count > 0)
        {
            var maxStake = spent.Max(e => e.Candidate.Backed);
            difference = checked(SaturatingSub(maxStake, minStake) + SaturatingSub(voter.Budget, stakeUsed));
            if (difference < tolerance) return difference;
        }
        else
        {
            difference = voter.Budget;
        }

        foreach (var edge in elected)
        {
            edge.Candidate.Backed = SaturatingSub(edge.Candidate.Backed, edge.Weight);
            edge.Weight = 0;
        }

        // Rust's sort_by_key is stable: equal backings keep the voter's edge order.
        var sorted = elected.Select((e, i) => (Edge: e, Order: i)).ToList();
        sorted.Sort((a, b) => a.Edge.Candidate.Backed != b.Edge.Candidate.Backed
            ? a.Edge.Candidate.Backed.CompareTo(b.Edge.Candidate.Backed)
            : a.Order.CompareTo(b.Order));

        UInt128 cumulative = 0;
        var lastIndex = sorted.Count - 1;
        for (var index = 0; index < sorted.Count; index++)
        {
            var backed = sorted[index].Edge.Candidate.Backed;
            var temp = checked(backed * (UInt128)index);
            if (SaturatingSub(temp, cumulative) > voter.Budget)
            {
                lastIndex = index == 0 ? 0 : index - 1;
                break;
            }

            cumulative = checked(cumulative + backed);
        }

        var lastStake = sorted[lastIndex].Edge.Candidate.Backed;
        var waysToSplit = (UInt128)(lastIndex + 1);
        var excess = SaturatingSub(checked(voter.Budget + cumulative), checked(lastStake * waysToSplit));
        foreach (var (edge, _) in sorted.Take(lastIndex + 1))
        {
            var weight = SaturatingSub(checked((excess / waysToSplit) + lastStake), edge.Candidate.Backed);
            edge.Weight = weight;
            edge.Candidate.Backed = checked(edge.Candidate.Backed + weight);
        }

        NormalizeElected(voter);
        return difference;
    }
}
