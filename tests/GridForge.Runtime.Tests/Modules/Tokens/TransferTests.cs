using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Tokens;

/// <summary>DESIGN §3, §4 and §6 Tokens: a transfer moves free funds; a failing transfer still pays its
/// fee and uses its nonce, and changes nothing else.</summary>
public sealed class TransferTests : RuntimeTestBase
{
    [Theory]
    [InlineData(Token.Watt)]
    [InlineData(Token.Grid)]
    public void Transfer_MovesTheAmountAndPaysTheFeeToTheProposer(Token token)
    {
        var before = Chain.Snapshot();
        var tx = Build.A.Transfer.From(Alice).To(Bob).Amount(5).Of(token).WithFee(300).Signed();

        var outcome = Chain.Execute(tx);

        Assert.True(outcome.Included);
        Assert.Null(outcome.Code);
        var was = View(before);
        var fee = token == Token.Watt ? 300UL : 0UL;
        Assert.Equal(TokensModule.GetBalance(was, Alice.Address, token).Free - 5 - fee, Chain.BalanceOf(Alice.Address, token).Free);
        Assert.Equal(TokensModule.GetBalance(was, Bob.Address, token).Free + 5, Chain.BalanceOf(Bob.Address, token).Free);
        Assert.Equal(TokensModule.GetBalance(was, Chain.Proposer, Token.Watt).Free + 300, Chain.BalanceOf(Chain.Proposer, Token.Watt).Free);
        Assert.Equal(1UL, Chain.NextNonce(Alice.Address));
    }

    [Fact]
    public void Transfer_OfTheWholeFreeBalance_EmptiesTheAccount()
    {
        var all = Chain.BalanceOf(Alice.Address, Token.Grid).Free;

        Assert.Null(Chain.Execute(Build.A.Transfer.From(Alice).To(Bob).Amount(all).Of(Token.Grid).Signed()).Code);

        Assert.Equal(default, Chain.BalanceOf(Alice.Address, Token.Grid));
        Assert.Null(Chain.State.Get(TokensModule.BalanceKey(Alice.Address, Token.Grid)));
    }

    [Fact]
    public void Transfer_ToOneself_ChangesOnlyTheFeeAndNonce()
    {
        var before = Chain.Snapshot();

        Assert.Null(Chain.Execute(Build.A.Transfer.From(Alice).To(Alice).Amount(5).Of(Token.Grid).Signed()).Code);

        AssertOnlyFeeAndNonceChanged(before, Alice.Address, TransactionBuilder.DefaultFee);
    }

    [Theory]
    [InlineData(Token.Watt)]
    [InlineData(Token.Grid)]
    public void Transfer_WithInsufficientBalance_IsRejectedAndChangesOnlyTheFeeAndNonce(Token token)
    {
        var free = Chain.BalanceOf(Alice.Address, token).Free;

        AssertMessageFailsPayingOnlyFeeAndNonce(Build.A.Transfer.From(Alice).To(Bob).Amount(free + 1).Of(token).Signed(), RejectionCodes.InsufficientFunds);
    }

    [Fact]
    public void Transfer_OfTheFreeBalanceWhenTheFeeComesOutFirst_IsRejectedAsInsufficientFunds()
    {
        var free = Chain.BalanceOf(Alice.Address, Token.Watt).Free;

        AssertMessageFailsPayingOnlyFeeAndNonce(Build.A.Transfer.From(Alice).To(Bob).Amount(free).Of(Token.Watt).Signed(), RejectionCodes.InsufficientFunds);
    }

    [Fact]
    public void Transfer_OfZero_IsRejectedAsInvalidAmountAndChangesOnlyTheFeeAndNonce() =>
        AssertMessageFailsPayingOnlyFeeAndNonce(Build.A.Transfer.From(Alice).To(Bob).Amount(0).Signed(), RejectionCodes.InvalidAmount);

    [Fact]
    public void Transfer_OfMoreThanAnyBalanceCanHold_IsRejectedAndChangesOnlyTheFeeAndNonce() =>
        AssertMessageFailsPayingOnlyFeeAndNonce(Build.A.Transfer.From(Alice).To(Bob).Amount(ulong.MaxValue).Of(Token.Grid).Signed(),
            RejectionCodes.InsufficientFunds);

    [Fact]
    public void Transfer_ToARecipientNearTheMaximumFromGenesis_CannotOverflowBecauseSupplyBoundsEveryBalance()
    {
        // Genesis holds at most ulong.MaxValue of a token in total, so no transfer can push a balance past it.
        const ulong alicesGrid = GenesisBuilder.DefaultBalance;
        Chain = RuntimeHarness.Start(Build.A.Genesis
            .WithAccount(Alice, grid: alicesGrid, watt: GenesisBuilder.DefaultBalance)
            .WithAccount(Bob, grid: ulong.MaxValue - alicesGrid)
            .WithAccount(TestKeys.Validator, watt: GenesisBuilder.DefaultBalance).TestObject);

        AssertMessageFailsPayingOnlyFeeAndNonce(Build.A.Transfer.From(Alice).To(Bob).Amount(alicesGrid + 1).Of(Token.Grid).Signed(),
            RejectionCodes.InsufficientFunds);
        Assert.Null(Chain.Execute(Build.A.Transfer.From(Alice).To(Bob).Amount(alicesGrid).Of(Token.Grid).WithNonce(1).Signed()).Code);
        Assert.Equal(ulong.MaxValue, Chain.BalanceOf(Bob.Address, Token.Grid).Free);
        Assert.Equal(ulong.MaxValue, TokensModule.Supply(Chain.State, Token.Grid));
    }

    [Fact]
    public void Transfer_ThatWouldOverflowTheRecipient_IsRejectedAsOverflowAndChangesOnlyTheFeeAndNonce()
    {
        // Only a state that breaks conservation can get here, so the balance is planted directly.
        var bobsGrid = TokensModule.BalanceKey(Bob.Address, Token.Grid);
        Chain.State.Apply([new KeyValuePair<StateKey, byte[]?>(bobsGrid, new Balance(ulong.MaxValue - 3, 0).Encode())]);

        AssertMessageFailsPayingOnlyFeeAndNonce(Build.A.Transfer.From(Alice).To(Bob).Amount(4).Of(Token.Grid).Signed(), RejectionCodes.Overflow);
    }

    [Fact]
    public void Transfer_ThatWouldOverflowTheRecipientsTotalWithReserved_IsRejectedAsOverflow()
    {
        var bobsGrid = TokensModule.BalanceKey(Bob.Address, Token.Grid);
        Chain.State.Apply([new KeyValuePair<StateKey, byte[]?>(bobsGrid, new Balance(10, ulong.MaxValue - 13).Encode())]);

        AssertMessageFailsPayingOnlyFeeAndNonce(Build.A.Transfer.From(Alice).To(Bob).Amount(4).Of(Token.Grid).Signed(), RejectionCodes.Overflow);
    }
}
