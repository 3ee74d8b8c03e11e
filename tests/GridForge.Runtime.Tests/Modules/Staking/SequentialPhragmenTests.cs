using GridForge.Runtime.Modules.Staking.Election;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>The election against the published cases of Polkadot's <c>sp-npos-elections</c>
/// (paritytech/polkadot-sdk, substrate/primitives/npos-elections/src/tests.rs); each test names the case it ports.
/// Where Substrate's 128-bit fixed-point loads give another value than exact arithmetic, the test says so.</summary>
public sealed class SequentialPhragmenTests
{
    private static ElectionVoter<long> V(long id, ulong stake, params long[] targets) => new(id, stake, targets);

    /// <summary>Substrate's <c>auto_generate_self_voters</c>: every candidate votes for itself.</summary>
    private static IEnumerable<ElectionVoter<long>> SelfVoters(IReadOnlyDictionary<long, ulong> stakes, params long[] candidates) =>
        candidates.Select(c => V(c, stakes[c], c));

    private static (long Id, UInt128 Backing)[] Winners(ElectionResult<long> r) => [.. r.Winners.Select(w => (w.Id, w.Backing))];

    /// <summary>Each voter's staked assignment as "voter→target:weight,…", in voter order.</summary>
    private static string[] Distributions(ElectionResult<long> r) =>
        [.. r.Assignments.Select(a => $"{a.Voter}→{string.Join(',', a.Distribution.Select(e => $"{e.Target}:{e.Weight}"))}")];

    private static readonly ElectionVoter<long>[] PocVoters = [V(10, 10, 1, 2), V(20, 20, 1, 3), V(30, 30, 2, 3)];

    [Fact]
    public void PhragmenPoc_ElectsThreeWith35AndTwoWith25_AsPublished()
    {
        // phragmen_poc_works and phragmen_core_poc_works
        var result = SequentialPhragmen.Elect(2, [1L, 2, 3], PocVoters);

        Assert.Equal([(3L, (UInt128)35), (2L, (UInt128)25)], Winners(result));
        Assert.Equal([0, 1], result.Winners.Select(w => w.Round));
        Assert.Equal(["10→2:10", "20→3:20", "30→2:15,3:15"], Distributions(result));
    }

    [Fact]
    public void PhragmenPoc_WithFourBalancingIterations_EndsWithBothAt30_AsPublished()
    {
        // phragmen_poc_works_with_balancing (BalancingConfig { iterations: 4, tolerance: 0 })
        var result = SequentialPhragmen.Elect(2, [1L, 2, 3], PocVoters, balanceIterations: 4);

        Assert.Equal([(3L, (UInt128)30), (2L, (UInt128)30)], Winners(result));
        Assert.Equal(["10→2:10", "20→3:20", "30→2:20,3:10"], Distributions(result));
    }

    [Fact]
    public void BalancingCore_FourSeatsFourIterations_GivesThePublishedEdgesAndBackings()
    {
        // balancing_core_works
        ElectionVoter<long>[] voters = [V(10, 10, 1, 2), V(20, 20, 1, 3), V(30, 30, 1, 2, 3, 4), V(40, 40, 1, 3, 4, 5), V(50, 50, 2, 4, 5)];

        var result = SequentialPhragmen.Elect(4, [1L, 2, 3, 4, 5], voters, balanceIterations: 4);

        Assert.Equal([(4L, (UInt128)38), (1L, (UInt128)37), (2L, (UInt128)38), (3L, (UInt128)37)], Winners(result));
        Assert.Equal(["10→1:9,2:1", "20→1:9,3:11", "30→1:8,2:7,3:8,4:7", "40→1:11,3:18,4:11", "50→2:30,4:20"], Distributions(result));
    }

    [Fact]
    public void AccuracyOnLargeScale_OnlyCandidates_ElectsTheTwoLargestSelfStakes_AsPublished()
    {
        // phragmen_accuracy_on_large_scale_only_candidates
        var stakes = new Dictionary<long, ulong> { [1] = ulong.MaxValue - 1, [2] = ulong.MaxValue - 4, [3] = ulong.MaxValue - 5, [4] = ulong.MaxValue - 3, [5] =
            ulong.MaxValue - 2 };

        var result = SequentialPhragmen.Elect(2, [1L, 2, 3, 4, 5], [.. SelfVoters(stakes, 1, 2, 3, 4, 5)]);

        Assert.Equal([(1L, (UInt128)18446744073709551614UL), (5L, (UInt128)18446744073709551613UL)], Winners(result));
        Assert.Equal(2, result.Assignments.Count);
    }

    [Fact]
    public void AccuracyOnLargeScale_VotersAndCandidates_ElectsTheExactMinimumWhereSubstrateRoundsToATie()
    {
        // phragmen_accuracy_on_large_scale_voters_and_candidates publishes winners 2 (36893488147419103226) and then
        // 1 (36893488147419103219). Candidate 4's approval (2·u64::MAX − 3) is one unit above candidate 2's, so its
        // exact score 1/approval is lower; Substrate's score floor(u128::MAX / approval) is the same for both, and the
        // tie goes to 2, listed first. Exact arithmetic elects 4 first; 1 then wins the second seat as published.
        const ulong max = ulong.MaxValue;
        var stakes = new Dictionary<long, ulong> { [1] = max - 1, [2] = max - 4, [3] = max - 5, [4] = max - 3, [5] = max - 2 };
        ElectionVoter<long>[] voters = [V(13, max - 10, 1, 3, 5), V(14, max, 2, 4), .. SelfVoters(stakes, 1, 2, 3, 4, 5)];

        var result = SequentialPhragmen.Elect(2, [1L, 2, 3, 4, 5], voters);

        Assert.Equal([(4L, ((UInt128)max * 2) - 3), (1L, UInt128.Parse("36893488147419103219"))], Winners(result));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AccuracyOnSmallScale_ElectsTwentyTenThirty_AsPublished(bool selfVote)
    {
        // phragmen_accuracy_on_small_scale_self_vote and phragmen_accuracy_on_small_scale_no_self_vote
        ElectionVoter<long>[] voters = selfVote
            ? [V(40, 0, 40), V(10, 1, 10), V(20, 2, 20), V(30, 1, 30)]
            : [V(1, 1, 10), V(2, 2, 20), V(3, 1, 30), V(4, 0, 40)];

        var result = SequentialPhragmen.Elect(3, [40L, 10, 20, 30], voters);

        Assert.Equal([(20L, (UInt128)2), (10L, (UInt128)1), (30L, (UInt128)1)], Winners(result));
    }

    [Fact]
    public void LargeScale_ElectsTwentyFourAndTwentyTwo_AsPublished()
    {
        // phragmen_large_scale_test
        long[] candidates = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24];
        var stakes = new Dictionary<long, ulong>
        {
            [2] = 1, [4] = 100, [6] = 1000000, [8] = 100000000001000, [10] = 100000000002000, [12] = 100000000003000, [14] = 400000000000000,
            [16] = 400000000001000, [18] = 18000000000000000, [20] = 20000000000000000, [22] = 500000000000100000, [24] = 500000000000200000,
        };
        ElectionVoter<long>[] voters = [V(50, 990000000000000000, candidates), .. SelfVoters(stakes, candidates)];

        var result = SequentialPhragmen.Elect(2, candidates, voters);

        Assert.Equal([24L, 22], result.Winners.Select(w => w.Id));
        AssertEveryVoterSpendsItsStake(result);
    }

    [Fact]
    public void LargeScale2_SplitsTheNominatorEvenly_WithinOneUnitOfThePublishedBackings()
    {
        // phragmen_large_scale_test_2 publishes 2 → 500000000005000000 and 4 → 500000000003000000. The nominator's exact
        // share for 2 is 1e18·A/(A + 1e18) = 500000000000999999.999998… (A = 1e18 + 4e6, the approval of either), so the
        // floored backing of 2 is 500000000004999999; Substrate's approximated loads round it up. Normalization hands the
        // unit to the smaller edge, so 4 ends one above its published value; the sum is the same.
        var stakes = new Dictionary<long, ulong> { [2] = 4_000_000, [4] = 4_000_000 };
        ElectionVoter<long>[] voters = [V(50, 1_000_000_000_000_000_000, 2, 4), .. SelfVoters(stakes, 2, 4)];

        var result = SequentialPhragmen.Elect(2, [2L, 4], voters);

        Assert.Equal([(2L, (UInt128)500000000004999999), (4L, (UInt128)500000000003000001)], Winners(result));
        Assert.Equal((UInt128)500000000005000000 + 500000000003000000, result.Winners[0].Backing + result.Winners[1].Backing);
    }

    [Fact]
    public void NoEntryBarrier_ACandidateNobodyBacksIsStillElectedWhileSeatsRemain_AsPublished()
    {
        // elect_has_no_entry_barrier
        var result = SequentialPhragmen.Elect(3, [10L, 20, 30], [V(1, 10, 10), V(2, 10, 20)]);

        Assert.Equal([(10L, (UInt128)10), (20L, (UInt128)10), (30L, (UInt128)0)], Winners(result));
    }

    [Fact]
    public void SelfVotes_AreKept_AsPublished()
    {
        // phragmen_self_votes_should_be_kept
        var result = SequentialPhragmen.Elect(2, [5L, 10, 20, 30], [V(5, 5, 5), V(10, 10, 10), V(20, 20, 20), V(1, 8, 10, 20)]);

        Assert.Equal([(20L, (UInt128)24), (10L, (UInt128)14)], Winners(result));
        Assert.Equal(["10→10:10", "20→20:20", "1→10:4,20:4"], Distributions(result));
    }

    [Fact]
    public void DuplicateTargets_CountOnce_AsPublished()
    {
        // duplicate_target_is_ignored
        var result = SequentialPhragmen.Elect(2, [1L, 2, 3], [V(10, 100, 1, 1, 2, 3), V(20, 100, 2, 3), V(30, 50, 1, 1, 2)]);

        Assert.Equal([(2L, (UInt128)140), (3L, (UInt128)110)], Winners(result));
        Assert.Equal([(10L, new[] { 2L, 3 }), (20L, [2L, 3]), (30L, [2L])], result.Assignments
            .Select(a => (a.Voter, a.Distribution.Select(e => e.Target).ToArray())));
    }

    [Fact]
    public void DuplicateTargets_CountOnce_WhenTheDuplicateWins_AsPublished()
    {
        // duplicate_target_is_ignored_when_winner
        var result = SequentialPhragmen.Elect(2, [1L, 2, 3], [V(10, 100, 1, 1, 2, 3), V(20, 100, 1, 2)]);

        Assert.Equal([(1L, (UInt128)100), (2L, (UInt128)100)], Winners(result));
        Assert.Equal([(10L, new[] { 1L, 2 }), (20L, [1L, 2])], result.Assignments.Select(a => (a.Voter, a.Distribution.Select(e => e.Target).ToArray())));
    }

    [Fact]
    public void Winners_AreSortedByRound_AsPublished()
    {
        // winners_are_sorted_by_round
        var result = SequentialPhragmen.Elect(3, [1L, 2, 3, 4, 5], [V(10, 10, 1, 2), V(20, 20, 2, 3), V(30, 30, 3, 4), V(40, 40, 4, 5)]);

        Assert.Equal([0, 1, 2], result.Winners.Select(w => w.Round));
    }

    [Fact]
    public void VotersWithoutEdges_AreDropped_AndCandidatesStayUnbacked()
    {
        // phragmen_core_test_without_edges: voters approving no candidate are dropped by setup_inputs.
        var result = SequentialPhragmen.Elect(2, [1L, 2, 3], [V(10, 10), V(20, 20, 7), V(30, 30)]);

        Assert.Empty(result.Assignments);
        Assert.Equal([(1L, (UInt128)0), (2L, (UInt128)0)], Winners(result));
    }

    [Fact]
    public void ACandidateListedTwice_CountsOnce()
    {
        var result = SequentialPhragmen.Elect(3, [1L, 1, 2], [V(10, 10, 1), V(20, 5, 2)]);

        Assert.Equal([(1L, (UInt128)10), (2L, (UInt128)5)], Winners(result));
    }

    [Fact]
    public void MoreSeatsThanCandidates_ElectsEveryCandidate()
    {
        var result = SequentialPhragmen.Elect(10, [1L, 2], PocVoters);

        Assert.Equal([1L, 2], result.Winners.Select(w => w.Id).Order());
    }

    private static void AssertEveryVoterSpendsItsStake(ElectionResult<long> result)
    {
        foreach (var a in result.Assignments)
        {
            Assert.Equal((UInt128)a.Stake, a.Distribution.Aggregate(UInt128.Zero, (s, e) => s + e.Weight));
        }

        var byWinner = result.Assignments.SelectMany(a => a.Distribution).GroupBy(e => e.Target)
            .ToDictionary(g => g.Key, g => g.Aggregate(UInt128.Zero, (s, e) => s + e.Weight));
        foreach (var w in result.Winners) Assert.Equal(byWinner.GetValueOrDefault(w.Id), w.Backing);
    }
}
