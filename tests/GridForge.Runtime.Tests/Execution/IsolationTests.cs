using GridForge.Runtime.Execution;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>DESIGN §3 and issue 13, item 1: nothing a transaction carries can stop the chain. A message handler that throws —
/// whatever the exception — is a refusal with a stable code that still pays its fee; an end-of-block hook that throws loses
/// only its own changes of that block, leaves a failure event, and every other module's work goes on.</summary>
public sealed class IsolationTests : RuntimeTestBase
{
    private readonly List<(string Where, Exception Error)> _observed = [];

    public IsolationTests()
    {
        var modules = new ModuleHost([.. ChainRuntime.StandardModules().All, new FaultyModule()]);
        modules.FailureObserved += (where, e) => _observed.Add((where, e));
        Chain = RuntimeHarness.Start(Build.A.Genesis.Funding(Alice, Bob, Charlie, TestKeys.Validator).TestObject, modules);
    }

    private Transaction Fail(byte failure, ulong nonce) =>
        Transaction.Sign(Alice, Chain.Runtime.ChainId, nonce, TransactionBuilder.DefaultFee, ulong.MaxValue, new FaultyModule.FailMessage(failure));

    [Theory]
    [InlineData(0, RejectionCodes.Overflow)]
    [InlineData(1, RejectionCodes.InternalError)]
    [InlineData(2, RejectionCodes.InternalError)]
    [InlineData(3, RejectionCodes.InternalError)]
    [InlineData(4, RejectionCodes.InternalError)]
    [InlineData(5, RejectionCodes.Overflow)]
    [InlineData(6, RejectionCodes.InternalError)]
    public void AHandlerThatThrowsAnyException_IsARefusalWithAStableCode_ThatPaysOnlyItsFeeAndNonce(byte failure, string code)
    {
        var rejection = AssertMessageFailsPayingOnlyFeeAndNonce(Fail(failure, 0), code);

        // The sentence names the exception's type only, never its message: every node records the same bytes.
        Assert.Equal(RuntimeFailures.Of(FaultyModule.Failure(failure)).Message, rejection.Message);
        Assert.DoesNotContain("a bug", rejection.Message, StringComparison.Ordinal);
        Assert.Null(Chain.State.Get(FaultyModule.WrittenKey));
        Assert.Single(_observed);
    }

    [Fact]
    public void AnEndBlockHookThatThrows_LosesOnlyItsOwnChanges_TheBlockGoesOn_AndTheNextBlockRunsItAgain()
    {
        Chain.State.Apply([new(FaultyModule.ThrowAtEndKey, [1])]);
        var transfer = Build.A.Transfer.From(Alice).To(Bob).Amount(7).WithNonce(0).Encoded();
        var bobBefore = Chain.BalanceOf(Bob.Address, Token.Watt).Free;

        var outcome = Chain.ExecuteBlock([transfer]);

        Assert.True(outcome.Transactions[0].Included);
        Assert.Equal(bobBefore + 7, Chain.BalanceOf(Bob.Address, Token.Watt).Free);
        Assert.Null(Chain.State.Get(FaultyModule.BlocksKey));
        var failed = Assert.Single(outcome.EndBlockEvents.Decoded<EndBlockFailed>());
        Assert.Equal(("faulty", RejectionCodes.InternalError), (failed.Module, failed.Code));

        Chain.State.Apply([new(FaultyModule.ThrowAtEndKey, [FaultyModule.CountOnly])]);
        Chain.ExecuteBlock([]);
        Assert.Equal([1], Chain.State.Get(FaultyModule.BlocksKey));
    }

    [Fact]
    public void ABlockOfOnlyFailingHandlersAndAFailingEndBlock_StillCommitsEveryFee()
    {
        Chain.State.Apply([new(FaultyModule.ThrowAtEndKey, [0])]);
        var proposerBefore = Chain.BalanceOf(Chain.Proposer, Token.Watt).Free;

        var outcome = Chain.ExecuteBlock(Enumerable.Range(0, 7).Select(i => Fail((byte)i, (ulong)i).Encoded));

        Assert.All(outcome.Transactions, t => Assert.True(t.Included && t.Rejection is not null));
        Assert.Equal(proposerBefore + (7 * TransactionBuilder.DefaultFee), Chain.BalanceOf(Chain.Proposer, Token.Watt).Free);
        Assert.Equal(7UL, Chain.NextNonce(Alice.Address));
    }
}
