using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Staking;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>DESIGN §6 Staking: each era the active set is elected by sequential Phragmén over the bonded stake, and a
/// validator's voting power in consensus is its elected backing.</summary>
public sealed class StakingEraTests
{
    [Fact]
    public void AnElectedSet_SignsFromTheSecondBlockAfterTheBlockThatElectedIt()
    {
        var chain = new StakingTestChain();
        chain.Run(9);
        var genesisSet = chain.SigningValidators;
        chain.Run(1); // block 10 ends era 0 and elects era 1's set

        Assert.Equal(genesisSet.Hash(), chain.SigningValidators.Hash()); // block 11 is still signed by the genesis set
        Assert.NotEqual(genesisSet.Hash(), chain.Validators.Hash());
        chain.Run(1);
        Assert.Equal(chain.Validators.Hash(), chain.SigningValidators.Hash()); // from block 12 on, the elected one
        Assert.Equal(genesisSet.Hash(), Runtime.Modules.Auth.AuthModule.PreviousValidators(chain.State).Hash()); // it signed block 11
    }

    [Fact]
    public void Genesis_ElectsEraZerosExposures_AndTheFirstEraEndMakesTheElectedTheSetWithPowerEqualToBalancedBacking()
    {
        var chain = new StakingTestChain();
        var expected = new[] { (V1.Address, 1_150 * Unit), (V2.Address, 1_150 * Unit), (V3.Address, 900 * Unit) }.OrderBy(v => v.Address).ToList();

        // Era 0 is signed by the genesis file's validators; the genesis election fixes what backs them.
        Assert.All(chain.Validators.Members, m => Assert.Equal(1UL, m.Power));
        Assert.Equal(expected, StakingState.EraValidators(chain.State, 0).Select(v => (v, StakingState.ExposureOf(chain.State, 0, v)!.Total)));
        // N1's 500 splits so that V1 and V2 end level (balancing); V3 has its own 600 and N2's 300.
        var v2 = StakingState.ExposureOf(chain.State, 0, V2.Address)!;
        Assert.Equal((800 * Unit, TenPercent, N1.Address, 350 * Unit), (v2.Own, v2.CommissionPpb, v2.Others.Single().Nominator, v2.Others.Single().Value));
        Assert.Equal(3_200 * Unit, StakingState.TotalActive(chain.State));

        chain.RunToEraEnd();

        Assert.Equal(expected, chain.Validators.Members.Select(m => (m.Address, m.Power)));
    }

    [Fact]
    public void EraEnd_ElectsAgain_AndANewValidatorSignsFromTheFirstBlockOfTheNextEra()
    {
        var chain = new StakingTestChain();
        chain.Succeeds(V4, new BondMessage(new Amount(2_000 * Unit)));
        chain.Succeeds(V4, new ValidateMessage(0));
        Assert.Equal(0UL, chain.Validators.PowerOf(V4.Address));

        var events = chain.RunToEraEnd();

        Assert.Equal(10UL, chain.Height);
        Assert.Equal((1UL, 11UL), (chain.Era.Index, chain.Era.StartHeight));
        Assert.Contains(events.Decoded<EraStarted>(), e => e.Era == 1);
        // Three seats: V4 (2,000) displaces V3 (900).
        Assert.Equal(2_000 * Unit, chain.Validators.PowerOf(V4.Address));
        Assert.Equal(0UL, chain.Validators.PowerOf(V3.Address));
        Assert.Equal(3, chain.Validators.Members.Count);
    }

    [Fact]
    public void ValidatorCount_IsTheNumberOfSeats_AndTheNextSetPreviewIsWhatTheEraEndElects()
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "validator_count", 2));
        Assert.Equal(2, StakingState.EraValidators(chain.State, 0).Count);
        chain.Succeeds(N3, new BondMessage(new Amount(5_000 * Unit)));
        chain.Succeeds(N3, new NominateMessage([V3.Address]));

        var preview = StakingElection.Run(chain.State).Select(e => (e.Validator, e.Exposure.Total)).OrderBy(v => v.Validator).ToList();
        chain.RunToEraEnd();

        Assert.Equal(preview, chain.Validators.Members.Select(m => (m.Address, m.Power)));
        Assert.Contains(V3.Address, chain.Validators.Members.Select(m => m.Address));
    }

    [Fact]
    public void AnElectionElectingFewerThanMinValidators_KeepsTheCurrentSetAndItsExposures()
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "min_validators", 3));
        var before = chain.Validators.Members;
        chain.Succeeds(V1, new ChillMessage());
        chain.Succeeds(V2, new ChillMessage());

        chain.RunToEraEnd();

        Assert.Single(chain.EndEvents(StakingEvents.ElectionFailed));
        Assert.Equal(before, chain.Validators.Members);
        Assert.Equal(StakingState.ExposureOf(chain.State, 0, V1.Address)!.Encode(), StakingState.ExposureOf(chain.State, 1, V1.Address)!.Encode());
    }

    [Fact]
    public void EraLength_IsAParameter_ReadAtEveryBlock()
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "era_blocks", 4));

        chain.RunToEraEnd();
        Assert.Equal(4UL, chain.Height);
        chain.RunToEraEnd();
        Assert.Equal(8UL, chain.Height);
    }

    [Fact]
    public void WithoutAStakingSection_TheGenesisValidatorsStay_AndNothingIsMinted()
    {
        var chain = new StakingTestChain(new StakingGenesis());
        var supply = Runtime.Modules.Tokens.TokensModule.Supply(chain.State, Token.Grid);

        chain.RunToEraEnd();

        Assert.Equal([new Validator(V1.Address, 1)], chain.Validators.Members);
        Assert.Equal(supply, Runtime.Modules.Tokens.TokensModule.Supply(chain.State, Token.Grid));
    }

    [Fact]
    public void AStakedValidatorDeclaredAfterAnUnstakedGenesis_TakesOverAtTheEraEnd()
    {
        var chain = new StakingTestChain(new StakingGenesis());
        chain.Succeeds(V2, new BondMessage(new Amount(500 * Unit)));
        chain.Succeeds(V2, new ValidateMessage(0));

        chain.RunToEraEnd();

        Assert.Equal([new Validator(V2.Address, 500 * Unit)], chain.Validators.Members);
    }
}
