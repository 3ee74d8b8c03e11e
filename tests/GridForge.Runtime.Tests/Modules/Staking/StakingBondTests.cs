using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>Bond, unbond (an unbonding period in eras), rebond, withdraw; validators declare intent with a commission;
/// nominators back up to 16 validators. Bonded GRID is reserved, so it cannot be transferred.</summary>
public sealed class StakingBondTests
{
    private readonly StakingTestChain _chain = new();

    [Fact]
    public void Bond_ReservesGrid_AndBondedGridCannotBeTransferred()
    {
        _chain.Succeeds(N3, new BondMessage(new Amount(9_000 * Unit)));

        Assert.Equal(new Balance(1_000 * Unit, 9_000 * Unit), _chain.Grid(N3.Address));
        Assert.Equal(9_000 * Unit, _chain.Ledger(N3.Address).Active);
        _chain.Fails(N3, new TransferMessage(GridForge.Tests.TestKit.TestKeys.Alice.Address, Token.Grid, new Amount(1_000 * Unit + 1)),
            RejectionCodes.InsufficientFunds);
        _chain.Succeeds(N3, new TransferMessage(GridForge.Tests.TestKit.TestKeys.Alice.Address, Token.Grid, new Amount(1_000 * Unit)));
    }

    [Fact]
    public void Bond_OfMoreThanIsFree_OrOfNothing_IsRefused()
    {
        _chain.Fails(N3, new BondMessage(new Amount(Funds + 1)), RejectionCodes.InsufficientFunds);
        _chain.Fails(N3, new BondMessage(Amount.Zero), RejectionCodes.InvalidAmount);
        Assert.True(_chain.Ledger(N3.Address).IsEmpty);
    }

    [Fact]
    public void Unbond_WaitsTheUnbondingEras_ThenWithdrawFreesIt()
    {
        _chain.Succeeds(N3, new BondMessage(new Amount(100 * Unit)));
        _chain.Succeeds(N3, new UnbondMessage(new Amount(40 * Unit)));

        Assert.Equal((60 * Unit, 40 * Unit), (_chain.Ledger(N3.Address).Active, _chain.Ledger(N3.Address).UnlockingTotal));
        Assert.Equal(new UnlockChunk(40 * Unit, 2), _chain.Ledger(N3.Address).Unlocking.Single());
        _chain.Fails(N3, new WithdrawMessage(), StakingCodes.NothingToWithdraw);
        _chain.RunToEraEnd();
        _chain.Fails(N3, new WithdrawMessage(), StakingCodes.NothingToWithdraw);
        _chain.RunToEraEnd();

        _chain.Succeeds(N3, new WithdrawMessage());

        Assert.Equal(new Balance(Funds - (60 * Unit), 60 * Unit), _chain.Grid(N3.Address));
        Assert.Empty(_chain.Ledger(N3.Address).Unlocking);
    }

    [Fact]
    public void Unbond_OfMoreThanIsActive_IsRefused_AndBelowTheRoleMinimum_IsRefused()
    {
        _chain.Fails(V1, new UnbondMessage(new Amount(1_000 * Unit + 1)), StakingCodes.NotBonded);
        var minimum = (ulong)StakingModule.MinValidatorBond.Get(_chain.State);

        _chain.Fails(V1, new UnbondMessage(new Amount(1_000 * Unit - minimum + 1)), StakingCodes.BelowMinBond);
        _chain.Succeeds(V1, new UnbondMessage(new Amount(1_000 * Unit - minimum)));
    }

    [Fact]
    public void Unbond_OfAValidatorsWholeBond_ChillsIt()
    {
        _chain.Succeeds(V3, new UnbondMessage(new Amount(600 * Unit)));

        Assert.Null(StakingState.Validator(_chain.State, V3.Address));
        _chain.RunToEraEnd();
        Assert.Equal(0UL, _chain.Validators.PowerOf(V3.Address));
    }

    [Fact]
    public void Unbonds_InOneEra_MergeIntoOneChunk_AndMoreChunksThanTheLimitAreRefused()
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "max_unlocking_chunks", 2).WithParam("staking", "era_blocks", 3));
        chain.Succeeds(N3, new BondMessage(new Amount(100 * Unit)));
        chain.Succeeds(N3, new UnbondMessage(new Amount(1 * Unit)));
        Assert.Equal(0UL, chain.Era.Index);
        chain.Succeeds(N3, new UnbondMessage(new Amount(1 * Unit)));
        Assert.Equal(new UnlockChunk(2 * Unit, 2), chain.Ledger(N3.Address).Unlocking.Single());
        chain.RunToEraEnd();
        chain.Succeeds(N3, new UnbondMessage(new Amount(1 * Unit)));
        chain.RunToEraEnd();

        chain.Fails(N3, new UnbondMessage(new Amount(1 * Unit)), StakingCodes.TooManyChunks);
    }

    [Fact]
    public void Rebond_ReturnsTheLatestChunksFirst()
    {
        _chain.Succeeds(N3, new BondMessage(new Amount(100 * Unit)));
        _chain.Succeeds(N3, new UnbondMessage(new Amount(10 * Unit)));
        _chain.RunToEraEnd();
        _chain.Succeeds(N3, new UnbondMessage(new Amount(20 * Unit)));

        _chain.Fails(N3, new RebondMessage(new Amount(31 * Unit)), StakingCodes.NothingToRebond);
        _chain.Succeeds(N3, new RebondMessage(new Amount(25 * Unit)));

        Assert.Equal(95 * Unit, _chain.Ledger(N3.Address).Active);
        Assert.Equal(new UnlockChunk(5 * Unit, 2), _chain.Ledger(N3.Address).Unlocking.Single());
    }

    [Fact]
    public void Validate_NeedsABondOfTheMinimum_AndACommissionOfAtMost100Percent()
    {
        _chain.Fails(V4, new ValidateMessage(0), StakingCodes.NotBonded);
        _chain.Succeeds(V4, new BondMessage(new Amount(1 * Unit)));
        _chain.Fails(V4, new ValidateMessage(0), StakingCodes.BelowMinBond);
        _chain.Succeeds(V4, new BondMessage(new Amount(1_000 * Unit)));
        _chain.Fails(V4, new ValidateMessage(ValidatorPrefs.Billion + 1), StakingCodes.InvalidCommission);

        _chain.Succeeds(V4, new ValidateMessage(ValidatorPrefs.Billion));

        Assert.Equal(new ValidatorPrefs(ValidatorPrefs.Billion), StakingState.Validator(_chain.State, V4.Address));
        Assert.Contains(V4.Address, StakingState.ValidatorCandidates(_chain.State));
    }

    [Fact]
    public void Nominate_BacksUpToMaxNominationsDeclaredValidators_DuplicatesCountingOnce()
    {
        _chain.Succeeds(N3, new BondMessage(new Amount(100 * Unit)));
        _chain.Fails(N3, new NominateMessage([]), StakingCodes.InvalidTargets);
        _chain.Fails(N3, new NominateMessage([V1.Address, V4.Address]), StakingCodes.UnknownValidator);

        _chain.Succeeds(N3, new NominateMessage([V2.Address, V1.Address, V2.Address]));

        Assert.Equal(new[] { V1.Address, V2.Address }.Order(), StakingState.Nominations(_chain.State, N3.Address));
    }

    [Fact]
    public void Nominate_MoreThanMaxNominations_IsRefused()
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "max_nominations", 2));
        chain.Succeeds(N3, new BondMessage(new Amount(100 * Unit)));

        chain.Fails(N3, new NominateMessage([V1.Address, V2.Address, V3.Address]), StakingCodes.InvalidTargets);
    }

    [Fact]
    public void Nominating_ReplacesValidating_AndValidating_ReplacesNominating()
    {
        _chain.Succeeds(V3, new NominateMessage([V1.Address]));
        Assert.Null(StakingState.Validator(_chain.State, V3.Address));
        Assert.DoesNotContain(V3.Address, StakingState.ValidatorCandidates(_chain.State));

        _chain.Succeeds(V3, new ValidateMessage(0));
        Assert.Null(StakingState.Nominations(_chain.State, V3.Address));
        Assert.DoesNotContain(V3.Address, StakingState.NominatorList(_chain.State));
    }

    [Fact]
    public void Chill_StopsValidating_AndOfAnAccountNotStaking_IsRefused()
    {
        _chain.Fails(N3, new ChillMessage(), StakingCodes.NotStaking);
        _chain.Succeeds(V1, new ChillMessage());

        _chain.RunToEraEnd();

        Assert.Equal(0UL, _chain.Validators.PowerOf(V1.Address));
        Assert.Equal(1_000 * Unit, _chain.Ledger(V1.Address).Active);
    }
}
