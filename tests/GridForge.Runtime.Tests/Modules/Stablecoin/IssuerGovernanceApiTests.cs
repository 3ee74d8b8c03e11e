using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Stablecoin;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>The internal API governance calls to approve and remove issuers (issue 7): issuers change only
/// through genesis and this API.</summary>
public sealed class IssuerGovernanceApiTests : StablecoinTestBase
{
    [Fact]
    public void AddIssuer_ApprovesAnIssuerWithNoReserves_WhoMintsOnlyAfterItsAttestorAttests()
    {
        Assert.Null(StablecoinModule.AddIssuer(Chain.State, OtherIssuer.Address, Attestor.Address));
        Chain.Execute(Tx(Alice, new GridForge.Runtime.Modules.Tokens.TransferMessage(OtherIssuer.Address, Core.Primitives.Token.Watt, new Amount(1_000_000))));
        Assert.Equal((true, 0UL, 0UL), (IssuerOf(OtherIssuer.Address).Active, IssuerOf(OtherIssuer.Address).Reserves,
            IssuerOf(OtherIssuer.Address).Outstanding));

        Fails(OtherIssuer, new MintMessage(Bob.Address, new Amount(1), "D1"), StablecoinCodes.MintExceedsReserves);
        Succeeds(Bob, Attestation(100, NextBlockTime, issuer: OtherIssuer.Address));
        Succeeds(OtherIssuer, new MintMessage(Bob.Address, new Amount(100), "D1"));
        AssertSound();
    }

    [Fact]
    public void AddIssuer_OfAnActiveIssuer_IsRefusedWithIssuerExists() =>
        Assert.Equal(StablecoinCodes.IssuerExists, StablecoinModule.AddIssuer(Chain.State, Issuer.Address, Attestor.Address)?.Code);

    [Fact]
    public void RemoveIssuer_OfAnAccountThatIsNoActiveIssuer_IsRefusedWithIssuerNotActive()
    {
        Assert.Equal(StablecoinCodes.IssuerNotActive, StablecoinModule.RemoveIssuer(Chain.State, Bob.Address)?.Code);
        Assert.Null(StablecoinModule.RemoveIssuer(Chain.State, Issuer.Address));
        Assert.Equal(StablecoinCodes.IssuerNotActive, StablecoinModule.RemoveIssuer(Chain.State, Issuer.Address)?.Code);
    }

    [Fact]
    public void AddIssuer_AfterRemoval_ReinstatesTheIssuerWithItsHistoryAndTheNewAttestor()
    {
        Succeeds(Issuer, new MintMessage(Alice.Address, new Amount(10), "D1"));
        Assert.Null(StablecoinModule.RemoveIssuer(Chain.State, Issuer.Address));
        Assert.False(StablecoinModule.IsActiveIssuer(Chain.State, Issuer.Address));

        Assert.Null(StablecoinModule.AddIssuer(Chain.State, Issuer.Address, Bob.Address));

        var record = IssuerOf(Issuer.Address);
        Assert.Equal((true, Bob.Address, 10UL), (record.Active, record.Attestor, record.Minted));
        Fails(Issuer, new MintMessage(Alice.Address, new Amount(1), "D1"), StablecoinCodes.DepositReused);
        Succeeds(Issuer, Attestation(GenesisWatt * 2, NextBlockTime, signer: Bob));
    }
}
