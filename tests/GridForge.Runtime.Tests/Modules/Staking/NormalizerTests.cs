using GridForge.Runtime.Modules.Staking.Election;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>The port of <c>sp_arithmetic::normalize</c> against its published tests (paritytech/polkadot-sdk,
/// substrate/primitives/arithmetic/src/lib.rs, <c>normalize_tests</c>; and <c>voter_normalize_ops_works</c> in
/// npos-elections' tests.rs).</summary>
public sealed class NormalizerTests
{
    private static ulong[] Normalize(ulong[] input, ulong target) =>
        [.. Normalizer.Normalize([.. input.Select(v => (UInt128)v)], target).Select(v => (ulong)v)];

    [Theory]
    // work_for_all_types, normalize_works_all_le
    [InlineData(new ulong[] { 8, 9, 7, 10 }, 40, new ulong[] { 10, 10, 10, 10 })]
    [InlineData(new ulong[] { 7, 7, 7, 7 }, 40, new ulong[] { 10, 10, 10, 10 })]
    [InlineData(new ulong[] { 7, 7, 7, 10 }, 40, new ulong[] { 11, 11, 8, 10 })]
    [InlineData(new ulong[] { 7, 8, 7, 10 }, 40, new ulong[] { 11, 8, 11, 10 })]
    [InlineData(new ulong[] { 7, 7, 8, 10 }, 40, new ulong[] { 11, 11, 8, 10 })]
    // normalize_works_some_ge
    [InlineData(new ulong[] { 8, 11, 9, 10 }, 40, new ulong[] { 10, 11, 9, 10 })]
    // always_inc_min
    [InlineData(new ulong[] { 10, 7, 10, 10 }, 40, new ulong[] { 10, 10, 10, 10 })]
    [InlineData(new ulong[] { 10, 10, 7, 10 }, 40, new ulong[] { 10, 10, 10, 10 })]
    [InlineData(new ulong[] { 10, 10, 10, 7 }, 40, new ulong[] { 10, 10, 10, 10 })]
    // normalize_works_all_ge
    [InlineData(new ulong[] { 12, 11, 13, 10 }, 40, new ulong[] { 10, 10, 10, 10 })]
    [InlineData(new ulong[] { 13, 13, 13, 13 }, 40, new ulong[] { 10, 10, 10, 10 })]
    [InlineData(new ulong[] { 13, 13, 13, 10 }, 40, new ulong[] { 12, 9, 9, 10 })]
    [InlineData(new ulong[] { 13, 12, 13, 10 }, 40, new ulong[] { 9, 12, 9, 10 })]
    [InlineData(new ulong[] { 13, 13, 12, 10 }, 40, new ulong[] { 9, 9, 12, 10 })]
    // does_not_fail_on_subtraction_overflow
    [InlineData(new ulong[] { 1, 100, 100 }, 10, new ulong[] { 1, 9, 0 })]
    [InlineData(new ulong[] { 1, 8, 9 }, 1, new ulong[] { 0, 1, 0 })]
    // voter_normalize_ops_works
    [InlineData(new ulong[] { 30, 33, 30 }, 100, new ulong[] { 34, 33, 33 })]
    public void Normalize_MatchesThePublishedCases(ulong[] input, ulong target, ulong[] expected) =>
        Assert.Equal(expected, Normalize(input, target));

    [Fact]
    public void Normalize_OfNothing_IsNothing() => Assert.Empty(Normalize([], 10));
}
