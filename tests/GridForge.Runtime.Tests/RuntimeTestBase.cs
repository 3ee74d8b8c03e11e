using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests;

/// <summary>A dev chain with alice, bob, charlie and the validator funded, and the two ways a
/// transaction can fail: refused outright (nothing changes), or included with a failing message
/// (only the fee and the nonce change).</summary>
public abstract class RuntimeTestBase
{
    protected static SigningKey Alice => TestKeys.Alice;
    protected static SigningKey Bob => TestKeys.Bob;
    protected static SigningKey Charlie => TestKeys.Charlie;

    protected RuntimeHarness Chain { get; set; } = RuntimeHarness.StartDev();

    /// <summary>A valid transfer of 5 µWATT from alice to bob, to vary one field at a time.</summary>
    protected static TransactionBuilder ATransfer => Build.A.Transfer.From(Alice).To(Bob).Amount(5);

    protected Rejection AssertRefusedChangingNothing(byte[] encoded, string code)
    {
        var before = Chain.Snapshot();
        var outcome = Chain.Execute(encoded);
        Assert.False(outcome.Included, $"included with {outcome.Code ?? "success"}");
        Assert.Equal(code, outcome.Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Rejection!.Message));
        StateAssert.Unchanged(before, Chain.Snapshot());
        return outcome.Rejection;
    }

    protected Rejection AssertRefusedChangingNothing(Transaction tx, string code) => AssertRefusedChangingNothing(tx.Encoded, code);

    /// <summary>The transaction is included, its message fails with <paramref name="code"/>, and the state differs
    /// only by the fee moved from the sender to the proposer and the sender's nonce moved on by one.</summary>
    protected Rejection AssertMessageFailsPayingOnlyFeeAndNonce(Transaction tx, string code)
    {
        var before = Chain.Snapshot();
        var outcome = Chain.Execute(tx);
        Assert.True(outcome.Included, $"refused with {outcome.Code}");
        Assert.Equal(code, outcome.Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Rejection!.Message));
        AssertOnlyFeeAndNonceChanged(before, tx.Sender, tx.Fee);
        return outcome.Rejection;
    }

    protected void AssertOnlyFeeAndNonceChanged(IReadOnlyList<KeyValuePair<StateKey, byte[]>> before, Address sender, ulong fee)
    {
        var after = Chain.Snapshot();
        var was = View(before);
        var feeKeys = new[] { TokensModule.BalanceKey(sender, Token.Watt), TokensModule.BalanceKey(Chain.Proposer, Token.Watt) };
        var others = StateAssert.ChangedKeys(before, after).Except(feeKeys).ToList();
        Assert.True(others.Count == 1, $"expected only the nonce to change besides the fee, got {string.Join(", ", others)}");
        Assert.Equal(AuthModule.NextNonce(was, sender) + 1, Chain.NextNonce(sender));
        Assert.Equal(TokensModule.GetBalance(was, sender, Token.Watt).Free - fee, Chain.BalanceOf(sender, Token.Watt).Free);
        Assert.Equal(TokensModule.GetBalance(was, Chain.Proposer, Token.Watt).Free + fee, Chain.BalanceOf(Chain.Proposer, Token.Watt).Free);
    }

    /// <summary>A snapshot as a readable state.</summary>
    protected static StateStore View(IReadOnlyList<KeyValuePair<StateKey, byte[]>> snapshot) =>
        StateStore.Load(snapshot.Select(kv => new KeyValuePair<byte[], byte[]>(kv.Key.Bytes, kv.Value)));
}
