using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>DESIGN §4: chain id, signature, nonce, expiry and fee are checked before a transaction may
/// enter a block; one that fails is left out with a stable code and changes nothing at all.</summary>
public sealed class TransactionCheckTests : RuntimeTestBase
{
    [Fact]
    public void Transaction_ForAnotherChain_IsRefusedAsWrongChain() =>
        AssertRefusedChangingNothing(ATransfer.OnChain("gridforge-dev-other").Signed(), RejectionCodes.WrongChain);

    [Fact]
    public void Transaction_SignedByAnotherKey_IsRefusedAsBadSignature() =>
        AssertRefusedChangingNothing(ATransfer.SignedBy(Bob), RejectionCodes.BadSignature);

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    public void Transaction_WithAFlippedSignatureBit_IsRefusedAsBadSignature(int signatureByte)
    {
        var bytes = ATransfer.Encoded();
        bytes[bytes.Length - Ed25519.SignatureSize + signatureByte] ^= 0x01;

        AssertRefusedChangingNothing(bytes, RejectionCodes.BadSignature);
    }

    [Fact]
    public void Transaction_WithAnAlreadyUsedNonce_IsRefusedAsNonceReplayed()
    {
        Assert.True(Chain.Execute(ATransfer.WithNonce(0).Signed()).Included);

        AssertRefusedChangingNothing(ATransfer.WithNonce(0).Amount(6).Signed(), RejectionCodes.NonceReplayed);
    }

    [Fact]
    public void SameTransaction_Twice_IsRefusedTheSecondTimeAsNonceReplayed()
    {
        var tx = ATransfer.WithNonce(0).Encoded();
        Assert.True(Chain.Execute(tx).Included);

        AssertRefusedChangingNothing(tx, RejectionCodes.NonceReplayed);
    }

    [Fact]
    public void Transaction_WithANonceAheadOfTheNext_IsRefusedAsNonceFuture() =>
        AssertRefusedChangingNothing(ATransfer.WithNonce(1).Signed(), RejectionCodes.NonceFuture);

    [Fact]
    public void Transaction_PastItsExpiryHeight_IsRefusedAsExpired()
    {
        Chain.ExecuteBlock([]);
        Chain.ExecuteBlock([]); // the next block is at height 3

        AssertRefusedChangingNothing(ATransfer.ExpiringAt(2).Signed(), RejectionCodes.Expired);
    }

    [Fact]
    public void Transaction_AtItsExpiryHeight_IsStillIncluded()
    {
        var outcome = Chain.Execute(ATransfer.ExpiringAt(1).Signed());

        Assert.True(outcome.Included);
        Assert.Null(outcome.Code);
    }

    [Fact]
    public void Transaction_WithAFeeBelowTokensMinFee_IsRefusedAsFeeTooLow()
    {
        var chain = RuntimeHarness.Start(Build.A.Genesis.Funding(Alice, TestKeys.Validator).WithParam("tokens", "min_fee", 500).TestObject);

        Assert.Equal(RejectionCodes.FeeTooLow, chain.Execute(ATransfer.WithFee(499).Signed()).Code);
        Assert.True(chain.Execute(ATransfer.WithFee(500).Signed()).Included);
    }

    [Fact]
    public void Transaction_WithAFeeBelowTheDefaultMinFee_IsRefusedAsFeeTooLow() =>
        AssertRefusedChangingNothing(ATransfer.WithFee(99).Signed(), RejectionCodes.FeeTooLow);

    [Fact]
    public void Transaction_WhoseFeeTheSenderCannotPay_IsRefusedAsInsufficientFee()
    {
        var gridOnly = TestKeys.Outsider("grid-only");
        Chain = RuntimeHarness.Start(Build.A.Genesis.Funding(Alice, TestKeys.Validator).WithAccount(gridOnly, grid: 1_000_000, watt: 999).TestObject);

        AssertRefusedChangingNothing(Build.A.Transfer.From(gridOnly).To(Bob).Amount(1).Of(Token.Grid).WithFee(1_000).Signed(), RejectionCodes.InsufficientFee);
    }

    [Fact]
    public void Transaction_FromAnEmptyAccount_IsRefusedAsInsufficientFee() =>
        AssertRefusedChangingNothing(Build.A.Transfer.From(TestKeys.Outsider("nobody")).To(Bob).Signed(), RejectionCodes.InsufficientFee);

    [Fact]
    public void DevKey_OnANonDevChain_IsRefusedAsDevKeyForbidden()
    {
        var validator = TestKeys.Outsider("validator");
        Chain = RuntimeHarness.Start(Build.A.Genesis.ForChain(TestKeys.ProductionChain).WithValidator(validator)
            .WithAccount(TestKeys.Outsider("carol"), watt: 1_000_000).TestObject);

        AssertRefusedChangingNothing(ATransfer.OnChain(TestKeys.ProductionChain).Signed(), RejectionCodes.DevKeyForbidden);
    }

    [Theory]
    [InlineData("community-issuer")]
    [InlineData("community-gateway")]
    [InlineData("member-01")]
    [InlineData("member-999")]
    public void TheDevCommunitysDerivableKeys_OnANonDevChain_AreRefusedAsDevKeyForbidden(string name)
    {
        var key = name == DevAccounts.CommunityIssuer ? DevAccounts.Key(name) : DevAccounts.CommunityKey(name);
        Chain = RuntimeHarness.Start(Build.A.Genesis.ForChain(TestKeys.ProductionChain).WithValidator(TestKeys.Outsider("validator"))
            .WithAccount(TestKeys.Outsider("carol"), watt: 1_000_000).TestObject);

        AssertRefusedChangingNothing(Build.A.Transfer.OnChain(TestKeys.ProductionChain).From(key).To(Bob).Amount(5).Signed(), RejectionCodes.DevKeyForbidden);
    }

    [Fact]
    public void ANonDevGenesis_FundingAMembersDerivableKey_IsRefused()
    {
        var genesis = Build.A.Genesis.ForChain(TestKeys.ProductionChain).WithValidator(TestKeys.Outsider("validator"))
            .WithAccount(DevAccounts.CommunityKey("member-42"), watt: 1).TestObject;

        var refused = Assert.Throws<InvalidOperationException>(() => RuntimeHarness.Start(genesis));
        Assert.Contains("member-42", refused.Message);
    }

    [Fact]
    public void OutsiderKey_OnANonDevChain_IsAccepted()
    {
        var carol = TestKeys.Outsider("carol");
        Chain = RuntimeHarness.Start(Build.A.Genesis.ForChain(TestKeys.ProductionChain).WithValidator(TestKeys.Outsider("validator"))
            .WithAccount(carol, watt: 1_000_000).TestObject);

        var outcome = Chain.Execute(Build.A.Transfer.OnChain(TestKeys.ProductionChain).From(carol).To(TestKeys.Outsider("dan")).Amount(5).Signed());

        Assert.True(outcome.Included);
        Assert.Null(outcome.Code);
    }

    [Fact]
    public void DevKey_OnAChainNamedLikeButNotADevChain_IsRefusedAsDevKeyForbidden()
    {
        Chain = RuntimeHarness.Start(Build.A.Genesis.ForChain("gridforge-devnet").WithValidator(TestKeys.Outsider("validator")).TestObject);

        AssertRefusedChangingNothing(ATransfer.OnChain("gridforge-devnet").Signed(), RejectionCodes.DevKeyForbidden);
    }
}
