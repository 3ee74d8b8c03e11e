using CsCheck;
using GridForge.Runtime.Modules.Staking.Election;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>Invariants of every election, on random inputs: stake is conserved exactly (each voter backing a winner
/// spends exactly its stake, a winner's backing is the sum of its edges), weight goes only to approved winners, the
/// seat count is min(seats, candidates), and the same input always gives the same output.</summary>
public sealed class SequentialPhragmenPropertyTests
{
    private sealed record Input(int Seats, long[] Candidates, ElectionVoter<long>[] Voters, int Iterations);

    private static readonly Gen<ulong> Stakes = Gen.Frequency((8, Gen.ULong[0, 1_000]), (3, Gen.ULong[0, 1_000_000_000_000]),
        (1, Gen.ULong[ulong.MaxValue / 4, ulong.MaxValue]));

    private static readonly Gen<Input> Inputs =
        from candidateCount in Gen.Int[1, 12]
        from seats in Gen.Int[0, 14]
        from iterations in Gen.Int[0, 6]
        from voters in Gen.Select(Stakes, Gen.Long[0, 14].Array[0, 6]).Array[0, 25]
        select new Input(seats, [.. Enumerable.Range(0, candidateCount).Select(i => (long)i)],
            [.. voters.Select((v, i) => new ElectionVoter<long>(100 + i, v.Item1, v.Item2))], iterations);

    [Fact]
    public void Elect_ConservesStake_RespectsApprovals_AndIsDeterministic() => Inputs.Sample(input =>
    {
        var result = SequentialPhragmen.Elect(input.Seats, input.Candidates, input.Voters, input.Iterations);
        var again = SequentialPhragmen.Elect(input.Seats, input.Candidates, input.Voters, input.Iterations);

        Assert.Equal(Math.Min(input.Seats, input.Candidates.Length), result.Winners.Count);
        Assert.Equal(result.Winners.Count, result.Winners.Select(w => w.Id).Distinct().Count());
        Assert.Equal(result.Winners, again.Winners);
        var winners = result.Winners.ToDictionary(w => w.Id);
        var backing = new Dictionary<long, UInt128>();
        foreach (var a in result.Assignments)
        {
            var voter = input.Voters.Single(v => v.Id == a.Voter);
            Assert.Equal((UInt128)voter.Stake, a.Distribution.Aggregate(UInt128.Zero, (s, e) => s + e.Weight));
            foreach (var e in a.Distribution)
            {
                Assert.Contains(e.Target, voter.Targets);
                Assert.True(winners.ContainsKey(e.Target));
                backing[e.Target] = backing.GetValueOrDefault(e.Target) + e.Weight;
            }
        }

        foreach (var w in result.Winners) Assert.Equal(backing.GetValueOrDefault(w.Id), w.Backing);
        Assert.Equal(result.Winners.Select(w => w.Round), Enumerable.Range(0, result.Winners.Count));
    }, iter: 300);

    [Fact]
    public void Elect_OfAThousandNominatorsOverAHundredCandidates_FinishesAndConserves()
    {
        var random = new System.Random(7);
        var candidates = Enumerable.Range(0, 100).Select(i => (long)i).ToArray();
        var voters = Enumerable.Range(0, 1_000).Select(i => new ElectionVoter<long>(1_000 + i, (ulong)random.NextInt64(1, 1_000_000_000_000_000),
            [.. Enumerable.Range(0, 16).Select(_ => (long)random.Next(100))])).ToArray();

        var result = SequentialPhragmen.Elect(30, candidates, voters, balanceIterations: 10);

        Assert.Equal(30, result.Winners.Count);
        var total = voters.Aggregate(UInt128.Zero, (s, v) => s + v.Stake);
        var spent = result.Assignments.Aggregate(UInt128.Zero, (s, a) => s + a.Stake);
        Assert.Equal(spent, result.Winners.Aggregate(UInt128.Zero, (s, w) => s + w.Backing));
        Assert.True(spent <= total);
    }
}
