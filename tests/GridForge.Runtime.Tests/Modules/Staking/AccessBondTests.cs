using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Modules.Staking;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Staking;

/// <summary>Platform access (issue 7): roles that act for others (commercial trader, WATT issuer, arbitrator, meter gateway
/// operator) require a GRID bond set by governance; residential prosumers need none.</summary>
public sealed class AccessBondTests
{
    private readonly StakingTestChain _chain = new();

    [Fact]
    public void PostAccessBond_ReservesTheGovernanceSetAmount_AndGrantsTheRole()
    {
        var bond = (ulong)StakingModule.TraderBond.Get(_chain.State);
        Assert.False(StakingModule.HasAccess(_chain.State, N3.Address, AccessRoles.Trader));

        _chain.Succeeds(N3, new PostAccessBondMessage(AccessRoles.Trader));

        Assert.True(StakingModule.HasAccess(_chain.State, N3.Address, AccessRoles.Trader));
        Assert.False(StakingModule.HasAccess(_chain.State, N3.Address, AccessRoles.Issuer));
        Assert.Equal(new Balance(Funds - bond, bond), _chain.Grid(N3.Address));
        _chain.Fails(N3, new PostAccessBondMessage(AccessRoles.Trader), StakingCodes.AccessBondExists);
    }

    [Fact]
    public void AResidentialRole_NeedsNoBond_AndAnUnknownRoleCannotBePosted()
    {
        Assert.True(StakingModule.HasAccess(_chain.State, N3.Address, "prosumer"));
        _chain.Fails(N3, new PostAccessBondMessage("prosumer"), StakingCodes.UnknownRole);
    }

    [Fact]
    public void ReleaseAccessBond_EndsTheRoleAtOnce_AndWithdrawFreesTheBondAfterTheUnbondingEras()
    {
        _chain.Fails(N3, new ReleaseAccessBondMessage(AccessRoles.Gateway), StakingCodes.NoAccessBond);
        _chain.Succeeds(N3, new PostAccessBondMessage(AccessRoles.Gateway));

        _chain.Succeeds(N3, new ReleaseAccessBondMessage(AccessRoles.Gateway));

        Assert.False(StakingModule.HasAccess(_chain.State, N3.Address, AccessRoles.Gateway));
        _chain.Fails(N3, new WithdrawMessage(), StakingCodes.NothingToWithdraw);
        _chain.RunToEraEnd();
        _chain.RunToEraEnd();
        _chain.Succeeds(N3, new WithdrawMessage());
        Assert.Equal(new Balance(Funds, 0), _chain.Grid(N3.Address));
        Assert.Empty(StakingState.AccessRolesOf(_chain.State, N3.Address));
    }

    [Fact]
    public void ARaisedBond_SuspendsAccessUntilTheHolderTopsItUp()
    {
        var chain = new StakingTestChain(customize: g => g.WithParam("staking", "access_bond_arbitrator", 100 * (long)Unit));
        chain.Succeeds(N3, new PostAccessBondMessage(AccessRoles.Arbitrator));
        StakingModule.ArbitratorBond.Set(chain.State, 150 * (long)Unit);
        Assert.False(StakingModule.HasAccess(chain.State, N3.Address, AccessRoles.Arbitrator));

        chain.Succeeds(N3, new PostAccessBondMessage(AccessRoles.Arbitrator));

        Assert.True(StakingModule.HasAccess(chain.State, N3.Address, AccessRoles.Arbitrator));
        Assert.Equal(150 * Unit, chain.Grid(N3.Address).Reserved);
    }
}
