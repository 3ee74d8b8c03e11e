using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Stablecoin;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>DESIGN §6 Stablecoin: the issuer settles a redemption off-chain and confirms it with the bank's
/// reference; only the redemption's issuer may, only once, and only for the amount and payout reference it owes.</summary>
public sealed class PayoutTests : StablecoinTestBase
{
    public PayoutTests() => Succeeds(Alice, new RedeemMessage(Issuer.Address, new Amount(12_000_000), "IBAN-ALICE"));

    private static ConfirmPayoutMessage Confirm(ulong id, string bankReference) => new(id, bankReference, new Amount(12_000_000), "IBAN-ALICE");

    [Theory]
    [InlineData(11_999_999, "IBAN-ALICE")]
    [InlineData(12_000_000, "IBAN-BOB")]
    public void ConfirmPayout_ForAnotherAmountOrPayoutReference_IsRejectedWithPayoutMismatch_AndLeavesItPending(ulong amount, string payoutReference)
    {
        // Issue 13, item 2: a payout made for one redemption must never confirm another (a reused id, a crash between bank and chain).
        Fails(Issuer, new ConfirmPayoutMessage(1, "BANK-PAY-1", new Amount(amount), payoutReference), StablecoinCodes.PayoutMismatch);

        Assert.Equal(RedemptionStatus.Pending, StablecoinState.Redemption(Chain.State, 1)!.Status);
    }

    [Fact]
    public void ConfirmPayout_ByTheIssuer_MarksTheRedemptionPaid_AndTakesItOffThePendingList()
    {
        Succeeds(Issuer, Confirm(1, "BANK-PAY-1"));

        var r = StablecoinState.Redemption(Chain.State, 1)!;
        Assert.Equal((RedemptionStatus.Paid, "BANK-PAY-1", Chain.Height, NextBlockTime - 1), (r.Status, r.BankReference, r.PaidHeight, r.PaidTime));
        Assert.Null(Chain.State.Get(StablecoinState.PendingKey(Issuer.Address, 1)));
        AssertSound();
    }

    [Fact]
    public void ConfirmPayout_Twice_IsRejectedWithRedemptionAlreadyPaid()
    {
        Succeeds(Issuer, Confirm(1, "BANK-PAY-1"));

        Fails(Issuer, Confirm(1, "BANK-PAY-2"), StablecoinCodes.RedemptionAlreadyPaid);
        Assert.Equal("BANK-PAY-1", StablecoinState.Redemption(Chain.State, 1)!.BankReference);
    }

    [Fact]
    public void ConfirmPayout_BySomeoneOtherThanTheRedemptionsIssuer_IsRejectedWithNotIssuer() =>
        Fails(Alice, Confirm(1, "BANK-PAY-1"), StablecoinCodes.NotIssuer);

    [Fact]
    public void ConfirmPayout_OfAnUnknownRedemption_IsRejectedWithUnknownRedemption() =>
        Fails(Issuer, Confirm(99, "BANK-PAY-1"), StablecoinCodes.UnknownRedemption);

    [Fact]
    public void ConfirmPayout_WithoutABankReference_IsRejectedWithInvalidReference() =>
        Fails(Issuer, Confirm(1, " "), StablecoinCodes.InvalidReference);
}
