using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>DESIGN §6 Staking slashing: proven double-signing (two precommits by one validator for different blocks at
/// one height) slashes the offender and its nominators by <c>slash_ppm</c> of their exposure, removes it from the set
/// and disables it until it re-declares; an unbonding stake is still slashable.</summary>
public sealed class StakingSlashingTests
{
    private readonly StakingTestChain _chain = new();

    private ReportEquivocationMessage Evidence(SigningKey validator, ulong height, SigningKey? secondSigner = null, string second = "B") =>
        _chain.Equivocation(validator, height, "A", second, secondSigner);

    [Fact]
    public void Equivocation_SlashesTheValidatorAndItsNominatorsByTheirExposure_AndRemovesItFromTheSet()
    {
        _chain.Run(2);
        var supply = TokensModule.Supply(_chain.State, Token.Grid);
        var exposure = StakingState.ExposureOf(_chain.State, 0, V2.Address)!;
        Assert.Equal((800 * Unit, 350 * Unit), (exposure.Own, exposure.Others.Single(o => o.Nominator == N1.Address).Value));

        _chain.Succeeds(V4, Evidence(V2, 1));

        // 10% of 800 from V2, 10% of the 350 N1 put behind V2 (not of N1's whole bond).
        Assert.Equal(720 * Unit, _chain.Ledger(V2.Address).Active);
        Assert.Equal(465 * Unit, _chain.Ledger(N1.Address).Active);
        Assert.Equal(supply - (115 * Unit), TokensModule.Supply(_chain.State, Token.Grid));
        Assert.Equal(115 * Unit, StakingState.Issuance(_chain.State).Slashed);
        Assert.Equal(0UL, _chain.Validators.PowerOf(V2.Address));
        Assert.Null(StakingState.Validator(_chain.State, V2.Address));
        Assert.Equal(1UL, StakingState.LastOffence(_chain.State, V2.Address));
    }

    [Fact]
    public void ASlashedValidator_EarnsNothingForTheEra_AndIsNotElectedUntilItReDeclares()
    {
        _chain.Run(2);
        _chain.Succeeds(V4, Evidence(V2, 1));

        _chain.RunToEraEnd();

        Assert.DoesNotContain(_chain.EndEvents(StakingEvents.Reward).Decoded<ValidatorRewarded>(), e => e.Validator == V2.Address);
        Assert.Equal(0UL, _chain.Validators.PowerOf(V2.Address));
        _chain.Succeeds(V2, new ValidateMessage(0));
        _chain.RunToEraEnd();
        Assert.True(_chain.Validators.PowerOf(V2.Address) > 0);
    }

    [Fact]
    public void AnUnbondingStake_IsStillSlashable()
    {
        _chain.Succeeds(N2, new UnbondMessage(new Amount(300 * Unit)));
        Assert.Equal(0UL, _chain.Ledger(N2.Address).Active);

        _chain.Succeeds(V4, Evidence(V3, 1));

        Assert.Equal(new UnlockChunk(270 * Unit, 2), _chain.Ledger(N2.Address).Unlocking.Single());
        Assert.Equal(new Balance(Funds - (300 * Unit), 270 * Unit), _chain.Grid(N2.Address));
    }

    [Fact]
    public void Evidence_ThatIsNotTwoDifferentBlocksSignedByTheValidator_IsRefused()
    {
        _chain.Run(2);
        _chain.Fails(V4, Evidence(V2, 1, second: "A"), StakingCodes.InvalidEvidence);
        _chain.Fails(V4, Evidence(V2, 1, secondSigner: V3), StakingCodes.InvalidEvidence);
        var evidence = Evidence(V2, 1);
        var forged = evidence with { Second = evidence.Second with { Vote = evidence.Second.Vote with { Height = 2 } } };
        _chain.Fails(V4, forged, StakingCodes.InvalidEvidence);
        var otherRound = evidence with { Second = evidence.Second with { Vote = evidence.Second.Vote with { Round = 1 } } };
        _chain.Fails(V4, otherRound, StakingCodes.InvalidEvidence);
        Assert.Equal(0UL, StakingState.Issuance(_chain.State).Slashed);
    }

    [Fact]
    public void Evidence_ForThisBlockOrLater_OfAnUnexposedValidator_OrReportedTwice_IsRefused()
    {
        _chain.Run(2);
        _chain.Fails(V4, Evidence(V2, 3), StakingCodes.EvidenceFromFuture);
        _chain.Fails(V4, Evidence(V4, 1), StakingCodes.NotExposed);
        _chain.Succeeds(V4, Evidence(V2, 1));
        _chain.Fails(V4, Evidence(V2, 2), StakingCodes.AlreadySlashed);
    }

    [Fact]
    public void Evidence_OlderThanTheUnbondingPeriod_IsRefused()
    {
        for (var i = 0; i < 3; i++) _chain.RunToEraEnd();

        _chain.Fails(V4, Evidence(V2, 1), StakingCodes.EvidenceTooOld);
        Assert.Null(StakingState.EraAt(_chain.State, 0));
        Assert.Null(StakingState.ExposureOf(_chain.State, 0, V2.Address));
    }

    [Fact]
    public void Evidence_OfAnEarlierKeptEra_SlashesByThatErasExposure()
    {
        _chain.RunToEraEnd();
        _chain.Succeeds(N1, new BondMessage(new Amount(1_000 * Unit)));

        _chain.Succeeds(V4, Evidence(V2, 5));

        Assert.Equal(1_465 * Unit, _chain.Ledger(N1.Address).Active);
    }
}
