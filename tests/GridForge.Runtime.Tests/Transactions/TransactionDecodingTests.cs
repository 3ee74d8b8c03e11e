using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Transactions;

/// <summary>DESIGN §4: one canonical byte string per transaction; anything else is refused with a
/// stable code before it can touch the state.</summary>
public sealed class TransactionDecodingTests : RuntimeTestBase
{
    [Fact]
    public void Builder_EncodesExactlyAsTransactionSign()
    {
        var built = ATransfer.Of(Token.Grid).WithNonce(3).WithFee(250).ExpiringAt(99).Encoded();
        var signed = Transaction.Sign(Alice, TestKeys.DevChain, 3, 250, 99, new TransferMessage(Bob.Address, Token.Grid, new Amount(5)));

        Assert.Equal(signed.Encoded, built);
    }

    [Fact]
    public void Decode_OfASignedTransaction_GivesBackEveryFieldAndTheSameId()
    {
        var tx = Transaction.Sign(Alice, TestKeys.DevChain, 7, 300, 42, new TransferMessage(Bob.Address, Token.Watt, new Amount(9)));

        var decoded = Transaction.Decode(tx.Encoded, Chain.Runtime.Registry, 65_536, out var rejection);

        Assert.Null(rejection);
        Assert.NotNull(decoded);
        Assert.Equal((tx.ChainId, tx.Sender, tx.Nonce, tx.Fee, tx.ExpiryHeight),
            (decoded.ChainId, decoded.Sender, decoded.Nonce, decoded.Fee, decoded.ExpiryHeight));
        Assert.Equal(tx.Message, decoded.Message);
        Assert.Equal(tx.Id, decoded.Id);
        Assert.True(decoded.VerifySignature());
    }

    [Fact]
    public void Unsigned_RunsThroughTheRuntimeAsVouchedFor_ButItsBytesAreRefusedAsBadSignature()
    {
        var tx = Transaction.Unsigned(TestKeys.DevChain, Alice.Address, 0, 100, 99, new TransferMessage(Bob.Address, Token.Watt, new Amount(5)));
        var bobBefore = Chain.BalanceOf(Bob.Address, Token.Watt).Free;

        Assert.True(tx.SignatureChecked);
        var overlay = new Runtime.State.StateOverlay(Chain.State);
        var result = Chain.Runtime.Apply(overlay, new Runtime.Execution.BlockInfo(TestKeys.DevChain, 1, Chain.Genesis.GenesisTime + 1, Chain.Proposer), tx,
            out var exclusion);
        Assert.Null(exclusion);
        Assert.True(result!.Success);
        Assert.Equal(bobBefore + 5, Runtime.Modules.Tokens.TokensModule.GetBalance(overlay, Bob.Address, Token.Watt).Free);

        // A node that receives the same bytes decodes them afresh and checks the (absent) signature.
        AssertRefusedChangingNothing(tx.Encoded, RejectionCodes.BadSignature);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1 })]
    [InlineData(new byte[] { 1, 0xff, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 1, 3, 0, 0, 0, (byte)'a', (byte)'b' })]
    public void MalformedBytes_AreRefusedAsMalformed(byte[] bytes) =>
        AssertRefusedChangingNothing(bytes, RejectionCodes.Malformed);

    [Fact]
    public void TruncatedTransaction_IsRefusedAsMalformed()
    {
        var bytes = ATransfer.Encoded();

        AssertRefusedChangingNothing(bytes[..^1], RejectionCodes.Malformed);
    }

    [Fact]
    public void ChainIdThatIsNotUtf8_IsRefusedAsMalformed()
    {
        var bytes = ATransfer.Encoded();
        bytes[5] = 0xff; // first byte of the chain id

        AssertRefusedChangingNothing(bytes, RejectionCodes.Malformed);
    }

    [Fact]
    public void AnotherVersion_IsRefusedAsUnsupportedVersion() =>
        AssertRefusedChangingNothing(ATransfer.WithVersion(2).Encoded(), RejectionCodes.UnsupportedVersion);

    [Fact]
    public void BytesAfterTheSignature_AreRefusedAsMalformed() =>
        AssertRefusedChangingNothing(ATransfer.WithTrailingBytes(0).Encoded(), RejectionCodes.Malformed);

    [Fact]
    public void BytesAfterTheMessageFields_AreRefusedAsMalformed() =>
        AssertRefusedChangingNothing(ATransfer.WithPayloadTrailingBytes(0).Encoded(), RejectionCodes.Malformed);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public void UnknownTokenByte_IsRefusedAsMalformed(byte token)
    {
        var rejection = AssertRefusedChangingNothing(ATransfer.OfTokenByte(token).Encoded(), RejectionCodes.Malformed);

        Assert.Contains("token", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModuleIds.Tokens, 2)]
    [InlineData(ModuleIds.Tokens, 0)]
    [InlineData(0, 1)]
    [InlineData(ModuleIds.Disputes, 99)]
    [InlineData(200, 1)]
    public void UnknownModuleOrMessageType_IsRefusedAsUnknownMessage(byte module, ushort type) =>
        AssertRefusedChangingNothing(ATransfer.WithMessageType(module, type).Encoded(), RejectionCodes.UnknownMessage);

    [Fact]
    public void TransactionLargerThanAuthMaxTxBytes_IsRefusedAsOversized()
    {
        var limited = Build.A.Genesis.Funding(Alice, Bob, TestKeys.Validator).WithParam("auth", "max_tx_bytes", 1_024).TestObject;
        var chain = RuntimeHarness.Start(limited);
        var overhead = ATransfer.WithPayload([]).Encoded().Length;

        var atLimit = chain.Execute(ATransfer.WithPayload(new byte[1_024 - overhead]).Encoded());
        var overLimit = chain.Execute(ATransfer.WithPayload(new byte[1_025 - overhead]).Encoded());

        Assert.Equal(RejectionCodes.Malformed, atLimit.Code);
        Assert.Equal(RejectionCodes.Oversized, overLimit.Code);
    }

    [Fact]
    public void TransactionLargerThanTheDefaultLimit_IsRefusedAsOversized() =>
        AssertRefusedChangingNothing(ATransfer.WithPayload(new byte[65_536]).Encoded(), RejectionCodes.Oversized);
}
