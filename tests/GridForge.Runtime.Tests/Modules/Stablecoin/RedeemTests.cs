using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>DESIGN §6 Stablecoin: a holder redeems by burning WATT with a payout reference; a redemption record
/// follows it until the issuer confirms the payout. Nobody redeems more than it holds, nor more than the issuer owes.</summary>
public sealed class RedeemTests : StablecoinTestBase
{
    [Fact]
    public void Redeem_BurnsTheWatt_AndOpensAPendingRedemptionOwedByTheIssuer()
    {
        var before = WattFree(Alice.Address);
        var supply = TokensModule.Supply(Chain.State, Token.Watt);

        Succeeds(Alice, new RedeemMessage(Issuer.Address, new Amount(40_000_000), "IBAN-ALICE"));

        Assert.Equal(before - 40_000_000 - GridForge.Tests.TestKit.TransactionBuilder.DefaultFee, WattFree(Alice.Address));
        Assert.Equal(supply - 40_000_000, TokensModule.Supply(Chain.State, Token.Watt));
        Assert.Equal(GenesisWatt - 40_000_000, IssuerOf(Issuer.Address).Outstanding);
        Assert.Equal(40_000_000UL, Totals.Burned);
        var r = StablecoinState.Redemption(Chain.State, 1)!;
        Assert.Equal((Alice.Address, Issuer.Address, 40_000_000UL, "IBAN-ALICE", RedemptionStatus.Pending, Chain.Height),
            (r.Holder, r.Issuer, r.Amount, r.PayoutReference, r.Status, r.RequestedHeight));
        Assert.NotNull(Chain.State.Get(StablecoinState.PendingKey(Issuer.Address, 1)));
        Assert.Equal(2UL, Totals.NextRedemptionId);
        AssertSound();
    }

    [Fact]
    public void Redeem_MoreThanTheHolderHoldsFree_IsRejectedWithRedeemExceedsBalance() =>
        Fails(Alice, new RedeemMessage(Issuer.Address, new Amount(WattFree(Alice.Address)), "IBAN-ALICE"), StablecoinCodes.RedeemExceedsBalance);

    [Fact]
    public void Redeem_OfReservedWatt_IsRejectedWithRedeemExceedsBalance()
    {
        var free = WattFree(Alice.Address);
        // 10,000 µWATT stay free; the fee takes 1,000 of them, so 9,000 are left to redeem.
        TokensModule.Reserve(Chain.State, Alice.Address, Token.Watt, free - 10_000);

        Fails(Alice, new RedeemMessage(Issuer.Address, new Amount(9_500), "IBAN-ALICE"), StablecoinCodes.RedeemExceedsBalance);
    }

    [Fact]
    public void Redeem_MoreThanTheIssuerHasOutstanding_IsRejectedWithRedeemExceedsOutstanding()
    {
        Assert.Null(StablecoinModule.AddIssuer(Chain.State, OtherIssuer.Address, Attestor.Address));

        Fails(Alice, new RedeemMessage(OtherIssuer.Address, new Amount(1), "IBAN-ALICE"), StablecoinCodes.RedeemExceedsOutstanding);
    }

    [Fact]
    public void Redeem_AgainstAnAccountThatIsNoIssuer_IsRejectedWithUnknownIssuer() =>
        Fails(Alice, new RedeemMessage(Bob.Address, new Amount(1), "IBAN-ALICE"), StablecoinCodes.UnknownIssuer);

    [Fact]
    public void Redeem_OfZero_IsRejectedWithInvalidAmount() =>
        Fails(Alice, new RedeemMessage(Issuer.Address, Amount.Zero, "IBAN-ALICE"), Runtime.RejectionCodes.InvalidAmount);

    [Fact]
    public void Redeem_WithoutAPayoutReference_IsRejectedWithInvalidReference() =>
        Fails(Alice, new RedeemMessage(Issuer.Address, new Amount(1), ""), StablecoinCodes.InvalidReference);

    [Fact]
    public void Redeem_AgainstARemovedIssuer_StillWorks_SoHoldersArePaidAsItWindsDown()
    {
        Assert.Null(StablecoinModule.RemoveIssuer(Chain.State, Issuer.Address));

        Succeeds(Alice, new RedeemMessage(Issuer.Address, new Amount(3), "IBAN-ALICE"));
        Succeeds(Issuer, new ConfirmPayoutMessage(1, "BANK-1", new Amount(3), "IBAN-ALICE"));
        AssertSound();
    }

    [Fact]
    public void RedemptionIds_AreSequentialAcrossHoldersAndIssuers()
    {
        var block = Chain.ExecuteBlock([
            Tx(Alice, new RedeemMessage(Issuer.Address, new Amount(1), "A")).Encoded,
            Tx(Bob, new RedeemMessage(Issuer.Address, new Amount(2), "B")).Encoded,
            Tx(Charlie, new RedeemMessage(Issuer.Address, new Amount(3), "C")).Encoded,
        ]);

        Assert.All(block.Transactions, t => Assert.Null(t.Code));
        Assert.Equal(["A", "B", "C"], new ulong[] { 1, 2, 3 }.Select(id => StablecoinState.Redemption(Chain.State, id)!.PayoutReference));
    }
}
