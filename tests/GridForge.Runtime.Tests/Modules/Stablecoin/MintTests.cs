using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>DESIGN §6 Stablecoin: an issuer mints WATT to an account against a fiat deposit reference, never
/// beyond its latest reserve attestation; a non-issuer cannot mint and a deposit reference is used once.</summary>
public sealed class MintTests : StablecoinTestBase
{
    [Fact]
    public void Mint_ByAnIssuerWithinItsReserves_CreditsTheAccountAndCountsTheMint()
    {
        var aliceBefore = WattFree(Alice.Address);
        var supplyBefore = TokensModule.Supply(Chain.State, Token.Watt);

        Succeeds(Issuer, new MintMessage(Alice.Address, new Amount(250_000_000), "DEP-1"));

        Assert.Equal(aliceBefore + 250_000_000, WattFree(Alice.Address));
        Assert.Equal(supplyBefore + 250_000_000, TokensModule.Supply(Chain.State, Token.Watt));
        Assert.Equal(GenesisWatt + 250_000_000, IssuerOf(Issuer.Address).Outstanding);
        Assert.Equal(250_000_000UL, IssuerOf(Issuer.Address).Minted);
        Assert.Equal(GenesisWatt + 250_000_000, Totals.Minted);
        var deposit = StablecoinState.Deposit(Chain.State, Issuer.Address, "DEP-1");
        Assert.Equal(new DepositRecord(Alice.Address, 250_000_000, Chain.Height, NextBlockTime - 1), deposit);
        AssertSound();
    }

    [Fact]
    public void Mint_EmitsAMintEventWithTheDepositReference()
    {
        var tx = Tx(Issuer, new MintMessage(Bob.Address, new Amount(7), "DEP-EVT"));
        var block = Chain.Runtime.Apply(new GridForge.Runtime.State.StateOverlay(Chain.State),
            new GridForge.Runtime.Execution.BlockInfo(Chain.Runtime.ChainId, 1, NextBlockTime, Chain.Proposer), tx, out _);
        var e = Assert.Single(block!.Events);
        Assert.Equal(("stablecoin", "mint"), (e.Module, e.Kind));
        Assert.Equal(new WattMinted(Issuer.Address, Bob.Address, 7, "DEP-EVT"), e.Decode());
    }

    [Fact]
    public void Mint_ByANonIssuer_IsRejectedWithNotIssuer() =>
        Fails(Alice, new MintMessage(Alice.Address, new Amount(1), "DEP-X"), StablecoinCodes.NotIssuer);

    [Fact]
    public void Mint_UpToExactlyTheAttestedReserves_Succeeds_AndOneMoreMicroWattIsRejected()
    {
        Succeeds(Issuer, new MintMessage(Bob.Address, new Amount(Headroom), "DEP-ALL"));
        Assert.Equal(IssuerOf(Issuer.Address).Reserves, IssuerOf(Issuer.Address).Outstanding);

        Fails(Issuer, new MintMessage(Bob.Address, new Amount(1), "DEP-ONE-MORE"), StablecoinCodes.MintExceedsReserves);
    }

    [Fact]
    public void Mint_BeyondTheLatestAttestation_IsRejectedWithMintExceedsReserves() =>
        Fails(Issuer, new MintMessage(Bob.Address, new Amount(Headroom + 1), "DEP-BIG"), StablecoinCodes.MintExceedsReserves);

    [Fact]
    public void Mint_ReusingADepositReference_IsRejectedWithDepositReused()
    {
        Succeeds(Issuer, new MintMessage(Alice.Address, new Amount(10), "DEP-7"));

        Fails(Issuer, new MintMessage(Bob.Address, new Amount(20), "DEP-7"), StablecoinCodes.DepositReused);
        Assert.Equal(10UL, IssuerOf(Issuer.Address).Minted);
    }

    [Fact]
    public void Mint_ReusingADepositReference_InTheSameBlock_MintsOnce()
    {
        var first = Tx(Issuer, new MintMessage(Alice.Address, new Amount(10), "DEP-SAME"));
        var second = TxWithNonce(Issuer, first.Nonce + 1, new MintMessage(Alice.Address, new Amount(10), "DEP-SAME"));

        var block = Chain.ExecuteBlock([first.Encoded, second.Encoded]);

        Assert.Null(block.Transactions[0].Code);
        Assert.Equal(StablecoinCodes.DepositReused, block.Transactions[1].Code);
        Assert.Equal(10UL, IssuerOf(Issuer.Address).Minted);
        AssertSound();
    }

    [Fact]
    public void DepositReferences_ArePerIssuer_SoTwoIssuersMayUseTheSameOne()
    {
        Assert.Null(StablecoinModule.AddIssuer(Chain.State, OtherIssuer.Address, Attestor.Address));
        Chain.Execute(Tx(Alice, new GridForge.Runtime.Modules.Tokens.TransferMessage(OtherIssuer.Address, Token.Watt, new Amount(1_000_000))));
        Succeeds(Alice, Attestation(500, NextBlockTime, issuer: OtherIssuer.Address));

        Succeeds(Issuer, new MintMessage(Alice.Address, new Amount(10), "DEP-SHARED"));
        Succeeds(OtherIssuer, new MintMessage(Alice.Address, new Amount(10), "DEP-SHARED"));
        AssertSound();
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\t")]
    [InlineData("é")]
    public void Mint_WithAnUnprintableOrEmptyReference_IsRejectedWithInvalidReference(string reference) =>
        Fails(Issuer, new MintMessage(Alice.Address, new Amount(1), reference), StablecoinCodes.InvalidReference);

    [Fact]
    public void Mint_WithAReferenceLongerThan64Bytes_DoesNotDecode() =>
        AssertRefusedChangingNothing(Tx(Issuer, new MintMessage(Alice.Address, new Amount(1), new string('A', References.MaxBytes + 1))),
            Runtime.RejectionCodes.Malformed);

    [Fact]
    public void Mint_OfZero_IsRejectedWithInvalidAmount() =>
        Fails(Issuer, new MintMessage(Alice.Address, Amount.Zero, "DEP-0"), Runtime.RejectionCodes.InvalidAmount);

    [Fact]
    public void Mint_ByARemovedIssuer_IsRejectedWithNotIssuer()
    {
        Assert.Null(StablecoinModule.RemoveIssuer(Chain.State, Issuer.Address));

        Fails(Issuer, new MintMessage(Alice.Address, new Amount(1), "DEP-R"), StablecoinCodes.NotIssuer);
    }
}
