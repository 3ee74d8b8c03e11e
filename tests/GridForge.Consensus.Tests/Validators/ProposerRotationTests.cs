using CsCheck;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Tests.Validators;

public class ProposerRotationTests
{
    private static readonly Address Foo = TestValidators.Named("foo"), Bar = TestValidators.Named("bar"), Baz = TestValidators.Named("baz");

    private static List<Address> RoundZeroProposers(ProposerRotation rotation, int heights)
    {
        var list = new List<Address>();
        for (var i = 0; i < heights; i++)
        {
            list.Add(rotation.ProposerOf(0));
            rotation = rotation.Next(rotation.Set);
        }

        return list;
    }

    [Fact]
    public void ProposerSequence_IsCometBftsTestProposerSelection1()
    {
        var set = new ValidatorSet([new Validator(Foo, 1000), new Validator(Bar, 300), new Validator(Baz, 330)]);
        var names = new Dictionary<Address, string> { [Foo] = "foo", [Bar] = "bar", [Baz] = "baz" };
        var expected = "foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar"
            + " foo foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar"
            + " foo baz foo foo bar foo baz foo foo bar foo baz foo foo foo baz bar foo foo foo baz"
            + " foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo"
            + " foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo";
        var actual = string.Join(" ", RoundZeroProposers(ProposerRotation.Start(set), 99).Select(a => names[a]));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void EqualPowers_ProposeInAddressOrder()
    {
        var a = new[] { TestValidators.Named("\0a"), TestValidators.Named("\0b"), TestValidators.Named("\0c") };
        var set = new ValidatorSet(a.Select(x => new Validator(x, 100)));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => a[i % 3]), RoundZeroProposers(ProposerRotation.Start(set), 15));
    }

    [Theory]
    [InlineData(400UL, false)]
    [InlineData(401UL, true)]
    public void AHeavierValidator_ProposesTwiceInARow_OnlyWithMoreThanTheRestTogether(ulong power, bool twice)
    {
        // CometBFT TestProposerSelection2: 100, 100 and 400 alternate; 100, 100 and 401 propose twice in a row.
        var a = new[] { TestValidators.Named("\0a"), TestValidators.Named("\0b"), TestValidators.Named("\0c") };
        var set = new ValidatorSet([new Validator(a[0], 100), new Validator(a[1], 100), new Validator(a[2], power)]);
        var proposers = RoundZeroProposers(ProposerRotation.Start(set), 3);
        Assert.Equal(a[2], proposers[0]);
        Assert.Equal(twice ? a[2] : a[0], proposers[1]);
    }

    [Fact]
    public void EachValidator_ProposesInProportionToItsPower()
    {
        var keys = TestValidators.Keys(3);
        var set = TestValidators.Set(keys, 4, 5, 3);
        var counts = RoundZeroProposers(ProposerRotation.Start(set), 120).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(40, counts[keys[0].Address]);
        Assert.Equal(50, counts[keys[1].Address]);
        Assert.Equal(30, counts[keys[2].Address]);
    }

    [Fact]
    public void LaterRounds_ContinueTheRotation_WithoutChangingTheNextHeight()
    {
        var keys = TestValidators.Keys(4);
        var rotation = ProposerRotation.Start(TestValidators.Set(keys, 7, 3, 2, 9));
        var sequence = RoundZeroProposers(rotation, 6);
        Assert.Equal(sequence, Enumerable.Range(0, 6).Select(rotation.ProposerOf));
        Assert.Equal(sequence[1], rotation.Next(rotation.Set).ProposerOf(0));
    }

    [Fact]
    public void AJoiningValidator_StartsAtMinusOneAndAnEighthOfTheTotalPower()
    {
        var keys = TestValidators.Keys(4);
        var before = ProposerRotation.Start(TestValidators.Set(keys[..3], 10, 10, 10));
        var after = before.Next(new ValidatorSet([.. before.Set.Members, new Validator(keys[3].Address, 10)]));
        // It enters at −(40 + 40/8) = −45 against −20, 10, 10, then all are centred: the newcomer is last in line.
        var newcomer = after.Set.IndexOf(keys[3].Address);
        Assert.Equal(after.Priorities.Min(), after.Priorities[newcomer]);
        Assert.Equal([-8L, 22, 22, -33], RelabelByKeys(after, keys));
        var sequence = RoundZeroProposers(after, 8);
        Assert.DoesNotContain(keys[3].Address, sequence.Take(4));
        Assert.Contains(keys[3].Address, sequence);
    }

    private static long[] RelabelByKeys(ProposerRotation rotation, List<Core.Crypto.SigningKey> keys) =>
        [.. keys.Select(k => rotation.Priorities[rotation.Set.IndexOf(k.Address)])];

    [Fact]
    public void ALeavingValidator_NeverProposesAgain()
    {
        var keys = TestValidators.Keys(4);
        var rotation = ProposerRotation.Start(TestValidators.Set(keys, 5, 6, 7, 8));
        var next = rotation.Next(TestValidators.Set(keys[..3], 5, 6, 7));
        Assert.DoesNotContain(keys[3].Address, RoundZeroProposers(next, 50));
    }

    [Fact]
    public void Priorities_StayWithinTheWindow_AndSumToNearZero_UnderRandomSetChanges()
    {
        Gen.Select(Gen.ULong[1, 1UL << 40].Array[2, 8], Gen.Int[0, 1000]).Sample((powers, steps) =>
        {
            var keys = TestValidators.Keys(powers.Length);
            var rotation = ProposerRotation.Start(TestValidators.Set(keys, powers));
            for (var i = 0; i < steps % 50; i++) rotation =
                rotation.Next(i % 7 == 3 ? TestValidators.Set(keys, [.. powers.Select(p => (p / 2) + 1)]) : rotation.Set);
            var total = (long)rotation.Set.TotalPower;
            return rotation.Priorities.Max() - rotation.Priorities.Min() <= 3 * total && Math.Abs(rotation.Priorities.Sum()) <= rotation.Set.Count * total;
        }, iter: 200);
    }

    [Fact]
    public void Priorities_RoundTripThroughTheirEncoding()
    {
        var keys = TestValidators.Keys(3);
        var rotation = ProposerRotation.Start(TestValidators.Set(keys, 2, 3, 4)).Next(TestValidators.Set(keys, 2, 3, 4));
        var decoded = ProposerRotation.Decode(rotation.Set, rotation.EncodePriorities());
        Assert.Equal(rotation.Priorities, decoded.Priorities);
    }

    [Fact]
    public void Stakes_AboveTheMaximumTotal_AreHalvedAlike()
    {
        var keys = TestValidators.Keys(3);
        var set = ValidatorSet.FromStakes([(keys[0].Address, ulong.MaxValue), (keys[1].Address, ulong.MaxValue / 2), (keys[2].Address, 1)]);
        Assert.True(set.TotalPower <= ValidatorSet.MaxTotalPower);
        Assert.Equal(set.PowerOf(keys[0].Address) / 2, set.PowerOf(keys[1].Address), 1UL);
        Assert.Equal(1UL, set.PowerOf(keys[2].Address));
    }
}
