using System.Numerics;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>DESIGN §6 Staking rewards: 8% of GRID supply per year, paid per era to validators in proportion to the
/// blocks they produced, shared with nominators after commission; every division floors, so no GRID is created
/// beyond the era reward, and the supply changes by exactly what is minted.</summary>
public sealed class StakingRewardTests
{
    private static StakingGenesis OneValidatorOneNominator() => new()
    {
        Validators = [new StakingGenesisValidator { Address = V1.Address.ToString(), Bond = 1_000 * Unit, CommissionPpb = TenPercent }],
        Nominators = [new StakingGenesisNominator { Address = N1.Address.ToString(), Bond = 500 * Unit, Targets = [V1.Address.ToString()] }],
    };

    [Fact]
    public void EraReward_IsEightPercentAYearOfSupplyForTheEraSeconds_SharedAfterCommissionProRata()
    {
        var chain = new StakingTestChain(OneValidatorOneNominator());
        var supply = TokensModule.Supply(chain.State, Token.Grid);
        Assert.Equal(9 * Funds, supply);

        chain.RunToEraEnd();

        // Ten blocks six seconds apart: 60 s of 31,557,600. floor(9e10 µ × 8% × 60 / 31,557,600) = 13,689 µGRID.
        Assert.Equal(13_689UL, (ulong)((BigInteger)supply * 800 * 60 / (10_000 * BigInteger.Parse("31557600"))));
        var paid = chain.EndEvents(StakingEvents.EraPaid).Decoded<EraPaid>().Single();
        Assert.Equal((60L, 13_689UL, 13_689UL), (paid.Seconds, paid.EraReward, paid.Paid));
        // V1 proposed all ten: share 13,689; commission 1,368; the rest 12,321 split 1,000 : 500 → 8,214 and 4,107.
        var reward = chain.EndEvents(StakingEvents.Reward).Decoded<ValidatorRewarded>().Single();
        Assert.Equal((10UL, 13_689UL, 1_368UL), (reward.Points, reward.Share, reward.Commission));
        Assert.Equal(Funds - (1_000 * Unit) + 1_368 + 8_214, chain.Grid(V1.Address).Free);
        Assert.Equal(Funds - (500 * Unit) + 4_107, chain.Grid(N1.Address).Free);
        Assert.Equal(supply + 13_689, TokensModule.Supply(chain.State, Token.Grid));
        Assert.Equal(13_689UL, StakingState.Issuance(chain.State).Rewards);
    }

    [Fact]
    public void EraReward_IsSplitByBlocksProposed_AndRoundingNeverMintsMoreThanTheEraReward()
    {
        var chain = new StakingTestChain();
        // V1 proposes 5 blocks, V2 3, V3 2 of the era's 10.
        var proposers = new[] { V1, V1, V1, V1, V1, V2, V2, V2, V3, V3 };
        foreach (var p in proposers)
        {
            chain.NextProposer = p.Address;
            chain.Block();
        }

        var paid = chain.EndEvents(StakingEvents.EraPaid).Decoded<EraPaid>().Single();
        var rewards = chain.EndEvents(StakingEvents.Reward).Decoded<ValidatorRewarded>().ToDictionary(e => e.Validator, e => (e.Points, e.Share));
        var eraReward = paid.EraReward;
        Assert.Equal((5UL, eraReward * 5 / 10), rewards[V1.Address]);
        Assert.Equal((3UL, eraReward * 3 / 10), rewards[V2.Address]);
        Assert.Equal((2UL, eraReward * 2 / 10), rewards[V3.Address]);
        Assert.True(paid.Paid <= eraReward);
    }

    [Fact]
    public void BlocksProposedByAnUnexposedValidator_EarnNothing()
    {
        var chain = new StakingTestChain(OneValidatorOneNominator());
        chain.NextProposer = V4.Address;
        chain.Block();
        Assert.Equal(0UL, StakingState.Points(chain.State, 0, V4.Address));

        chain.RunToEraEnd();

        Assert.Equal(9UL, chain.EndEvents(StakingEvents.Reward).Decoded<ValidatorRewarded>().Single().Points);
        Assert.Equal(Funds, chain.Grid(V4.Address).Total);
    }

    [Fact]
    public void Rewards_ArePaidEveryEra_OnTheSupplyAsItStands()
    {
        var chain = new StakingTestChain(OneValidatorOneNominator());
        chain.RunToEraEnd();
        var supply = TokensModule.Supply(chain.State, Token.Grid);

        chain.RunToEraEnd();

        var expected = (ulong)((BigInteger)supply * 800 * 60 / (10_000 * (BigInteger)StakingRewards.SecondsPerYear));
        Assert.Equal(expected, chain.EndEvents(StakingEvents.EraPaid).Decoded<EraPaid>().Single().EraReward);
    }

    [Fact]
    public void InflationRate_IsAParameter()
    {
        var chain = new StakingTestChain(OneValidatorOneNominator(), g => g.WithParam("staking", "inflation_bps", 0));
        var supply = TokensModule.Supply(chain.State, Token.Grid);

        chain.RunToEraEnd();

        Assert.Equal(supply, TokensModule.Supply(chain.State, Token.Grid));
    }

    [Fact]
    public void PendingRewards_AreWhatTheEraWouldPayIfItEndedAtTheHead()
    {
        var chain = new StakingTestChain(OneValidatorOneNominator());
        chain.Run(9);

        var preview = StakingQueries.PendingPayout(chain.State, chain.Era, chain.Height, chain.Time);

        // Nine blocks, 54 s: floor(9e10 × 8% × 54 / 31,557,600) = 12,320; commission 1,232; N1 gets 11,088 × 500 / 1,500.
        Assert.Equal((12_320UL, 9UL), (preview.EraReward, preview.Blocks));
        Assert.Equal(3_696UL, StakingRewards.For(preview, N1.Address));
        Assert.Equal(1_232UL + 7_392, StakingRewards.For(preview, V1.Address));
    }
}
