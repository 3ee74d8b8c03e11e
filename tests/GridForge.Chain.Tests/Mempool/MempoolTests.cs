using GridForge.Chain.Mempool;
using GridForge.Chain.Tests.Harness;
using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Mempool;

/// <summary>Issue 2, Chain: the mempool admits each account's transactions in gap-free nonce order,
/// within size limits, and reports where every transaction stands.</summary>
public sealed class MempoolTests : ChainTestBase
{
    private static Transaction FromAlice(ulong nonce) => Build.A.Transfer.From(Alice).To(Bob).Amount(1 + nonce).WithNonce(nonce).Signed();

    private static void AssertRejected(SubmitResult result, string code)
    {
        Assert.False(result.Accepted, "accepted");
        Assert.Equal(code, result.Rejection!.Code);
    }

    [Fact]
    public void Submit_WithGapFreeNonces_AdmitsEachInTurn()
    {
        for (ulong n = 0; n < 5; n++) Assert.True(Chain.Submit(FromAlice(n)).Accepted);

        Assert.Equal(5, Chain.Node.MempoolCount);
    }

    [Fact]
    public void Submit_SkippingANonce_IsRejectedAsNonceFuture()
    {
        Chain.Submit(FromAlice(0));

        AssertRejected(Chain.Submit(FromAlice(2)), RejectionCodes.NonceFuture);
        Assert.True(Chain.Submit(FromAlice(1)).Accepted);
    }

    [Fact]
    public void Submit_WithAPendingNonce_IsRejectedAsNonceReplayed()
    {
        Chain.Submit(FromAlice(0));

        AssertRejected(Chain.Submit(Build.A.Transfer.From(Alice).To(Charlie).WithNonce(0).Signed()), RejectionCodes.NonceReplayed);
    }

    [Fact]
    public void Submit_WithACommittedNonce_IsRejectedAsNonceReplayed()
    {
        Chain.Submit(FromAlice(0));
        Chain.Produce();

        AssertRejected(Chain.Submit(Build.A.Transfer.From(Alice).To(Charlie).WithNonce(0).Signed()), RejectionCodes.NonceReplayed);
        Assert.True(Chain.Submit(FromAlice(1)).Accepted);
    }

    [Fact]
    public void Submit_OfAPendingTransactionAgain_IsRejectedAsDuplicate()
    {
        var tx = FromAlice(0);
        Chain.Submit(tx);

        AssertRejected(Chain.Submit(tx), RejectionCodes.Duplicate);
        Assert.Equal(1, Chain.Node.MempoolCount);
    }

    [Fact]
    public void Submit_OfBadBytes_IsRejectedWithTheDecodeCodeAndAdmitsNothing()
    {
        AssertRejected(Chain.Submit([1, 2, 3]), RejectionCodes.Malformed);
        AssertRejected(Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).SignedBy(Bob)), RejectionCodes.BadSignature);
        AssertRejected(Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).WithFee(1).Signed()), RejectionCodes.FeeTooLow);
        AssertRejected(Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).ExpiringAt(0).Signed()), RejectionCodes.Expired);

        Assert.Equal(0, Chain.Node.MempoolCount);
    }

    [Fact]
    public void Submit_BeyondTheCountLimit_IsRejectedAsMempoolFull()
    {
        Chain = TestNode.Start(options: new ChainOptions { MempoolMaxCount = 2 });
        Chain.Submit(FromAlice(0));
        Chain.Submit(Build.A.Transfer.From(Bob).To(Alice).Signed());

        AssertRejected(Chain.Submit(Build.A.Transfer.From(Charlie).To(Alice).Signed()), RejectionCodes.MempoolFull);

        Chain.Produce();
        Assert.True(Chain.Submit(Build.A.Transfer.From(Charlie).To(Alice).Signed()).Accepted);
    }

    [Fact]
    public void Submit_BeyondTheByteLimit_IsRejectedAsMempoolFull()
    {
        var size = FromAlice(0).Encoded.Length;
        Chain = TestNode.Start(options: new ChainOptions { MempoolMaxBytes = (2 * size) + (size / 2) });
        Assert.True(Chain.Submit(FromAlice(0)).Accepted);
        Assert.True(Chain.Submit(FromAlice(1)).Accepted);

        AssertRejected(Chain.Submit(FromAlice(2)), RejectionCodes.MempoolFull);
    }

    [Fact]
    public void Submit_BeyondThePerAccountLimit_IsRejectedAsMempoolFull_WhileOtherAccountsStillGetIn()
    {
        Chain = TestNode.Start(options: new ChainOptions { MempoolMaxPerAccount = 2 });
        Chain.Submit(FromAlice(0));
        Chain.Submit(FromAlice(1));

        AssertRejected(Chain.Submit(FromAlice(2)), RejectionCodes.MempoolFull);
        Assert.True(Chain.Submit(Build.A.Transfer.From(Bob).To(Alice).Signed()).Accepted);
    }

    [Fact]
    public void AdmissionRules_RefuseInTheirOrder_TheCheapestRefusalFirst()
    {
        Chain = TestNode.Start(options: new ChainOptions { MempoolMaxCount = 3, MempoolMaxPerAccount = 2 });
        var waiting = FromAlice(0);
        Chain.Submit(waiting);
        Chain.Submit(FromAlice(1));

        // Already waiting comes before "the pool is full" and "the sender's quota is full".
        AssertRejected(Chain.Submit(waiting), RejectionCodes.Duplicate);
        // The sender's quota comes before the state's checks: nonce 7 would be nonce_future.
        AssertRejected(Chain.Submit(FromAlice(7)), RejectionCodes.MempoolFull);
        Chain.Submit(Build.A.Transfer.From(Bob).To(Alice).Signed());
        // A full pool comes before the state's checks: a replayed nonce is not even looked at.
        AssertRejected(Chain.Submit(Build.A.Transfer.From(Charlie).To(Alice).WithNonce(99).Signed()), RejectionCodes.MempoolFull);
    }

    [Fact]
    public void AdmissionRules_AreTheDocumentedList()
    {
        var rules = AdmissionRules.Standard(10, 1_000, 2, Chain.Node.Runtime, Chain.Node.State, () => 1);

        Assert.Equal(["NotWaiting", "PoolHasRoom", "SenderHasRoom", "StateAllows"], rules.Select(r => r.GetType().Name));
        var doc = File.ReadAllText(Repository.PathOf("docs", "architecture.md"));
        foreach (var rule in rules) Assert.Contains($"`{rule.GetType().Name}`", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void TransactionLeftOutAtBlockTime_DropsTheSendersLaterTransactions_AndNoOneElses()
    {
        // Dave can pay the first fee and the second at admission, but the first transfer spends what the second fee needed.
        var dave = TestKeys.Outsider("dave");
        Chain = TestNode.Start(TestNode.DevGenesis(new GenesisAccount { Address = dave.Address.ToString(), Watt = 3_000 }));
        var spends = Build.A.Transfer.From(dave).To(Bob).Amount(1_500).WithFee(1_000).WithNonce(0).Signed();
        var unpayable = Build.A.Transfer.From(dave).To(Bob).Amount(1).WithFee(1_000).WithNonce(1).Signed();
        var later = Build.A.Transfer.From(dave).To(Bob).Amount(1).WithFee(100).WithNonce(2).Signed();
        var bystander = Build.A.Transfer.From(Alice).To(Bob).Signed();
        foreach (var tx in new[] { spends, unpayable, later, bystander }) Assert.True(Chain.Submit(tx).Accepted);

        var block = Chain.Produce().Block;

        Assert.Equal([spends.Id, bystander.Id], block.Transactions.Select(t => t.Id));
        Assert.Equal(0, Chain.Node.MempoolCount);
        Assert.Equal(RejectionCodes.InsufficientFee, Chain.Node.GetTxStatus(unpayable.Id).Rejection!.Code);
        Assert.Equal(TxStatus.Rejected, Chain.StatusOf(later));
        Assert.Equal(RejectionCodes.NonceFuture, Chain.Node.GetTxStatus(later.Id).Rejection!.Code);
        Assert.True(Chain.Submit(Build.A.Transfer.From(dave).To(Bob).Amount(1).WithFee(100).WithNonce(1).Signed()).Accepted);
    }

    [Fact]
    public void TxStatus_GoesFromPendingToCommittedAtItsHeightAndIndex()
    {
        Chain.Produce();
        var first = FromAlice(0);
        var second = Build.A.Transfer.From(Bob).To(Alice).Signed();
        Chain.Submit(first);
        Chain.Submit(second);

        Assert.Equal(TxStatus.Pending, Chain.StatusOf(second));
        Chain.Produce();

        var status = Chain.Node.GetTxStatus(second.Id);
        Assert.Equal(TxStatus.CommittedState, status.State);
        Assert.Equal((2UL, 1, (string?)null), (status.Committed!.Height, status.Committed.Index, status.Committed.Code));
    }

    [Fact]
    public void TxStatus_OfAnIncludedTransactionWhoseMessageFailed_IsCommittedWithTheCode()
    {
        var tooMuch = Build.A.Transfer.From(Alice).To(Bob).Amount(DevChain.StartingBalance * 2).Of(Token.Grid).Signed();
        Chain.Submit(tooMuch);
        Chain.Produce();

        var status = Chain.Node.GetTxStatus(tooMuch.Id);

        Assert.Equal(TxStatus.CommittedState, status.State);
        Assert.Equal(RejectionCodes.InsufficientFunds, status.Committed!.Code);
        Assert.False(string.IsNullOrWhiteSpace(status.Committed.Message));
    }

    [Fact]
    public void TxStatus_OfATransactionNeverSeen_IsUnknown() =>
        Assert.Equal(TxStatus.Unknown, Chain.StatusOf(FromAlice(0)));

    [Fact]
    public void SubmitBatch_GivesTheSameVerdictsAsSubmittingOneByOne()
    {
        byte[][] batch =
        [
            FromAlice(0).Encoded, FromAlice(2).Encoded, FromAlice(1).Encoded, FromAlice(1).Encoded, [Transaction.Version, 0xad],
            Build.A.Transfer.From(Bob).To(Alice).SignedBy(Alice).Encoded, Build.A.Transfer.From(Bob).To(Alice).Encoded(),
            Build.A.Transfer.From(Charlie).To(Alice).WithFee(0).Encoded(),
        ];
        using var single = TestNode.Start();

        var batched = Chain.Node.SubmitBatch(batch);
        var oneByOne = batch.Select(single.Submit).ToList();

        Assert.Equal(oneByOne.Select(r => (r.TxId, r.Rejection?.Code)), batched.Select(r => (r.TxId, r.Rejection?.Code)));
        Assert.Equal(
            [null, RejectionCodes.NonceFuture, null, RejectionCodes.Duplicate, RejectionCodes.Malformed, RejectionCodes.BadSignature, null,
                RejectionCodes.FeeTooLow],
            batched.Select(r => r.Rejection?.Code));
    }

    [Fact]
    public void Remove_NeverReportsAnIncludedTransactionAsAnOrphan_AndOrphansOnlyThoseAfterTheDroppedOne()
    {
        var pool = new GridForge.Chain.Mempool.Mempool(100, 1 << 20);
        var txs = Enumerable.Range(0, 4).Select(n => FromAlice((ulong)n)).ToList();
        foreach (var tx in txs) Assert.Null(pool.Add(tx, [], _ => 0));
        IReadOnlyList<Transaction>? heard = null;

        // Whatever a caller hands it (an included transaction behind a dropped one of the same sender), it is gone, not orphaned.
        var orphans = pool.Remove(included: [txs[2]], dropped: [txs[1]], orphaned: o => heard = o);

        Assert.Equal([txs[3].Id], orphans.Select(t => t.Id));
        Assert.Equal([txs[3].Id], heard!.Select(t => t.Id));
        Assert.Equal([true, false, false, false], txs.Select(t => pool.Contains(t.Id)));
    }

    [Fact]
    public async Task TxStatus_WhileBlocksAreBeingCommitted_IsNeverUnknown()
    {
        // A client polls the status of what it submitted (the dashboard's wallet does): a block that commits it between the
        // status's looks at the store and the mempool must not make it unknown for a moment (a 404 to the client).
        using var stop = new CancellationTokenSource();
        var unknown = new List<string>();
        var committed = 0;
        // A thread of its own: block production's parallel loops could keep a pool thread from ever starting it.
        var client = Task.Factory.StartNew(() =>
        {
            for (var nonce = 0UL; !stop.IsCancellationRequested; nonce++)
            {
                var tx = FromAlice(nonce);
                if (!Chain.Submit(tx).Accepted) throw new InvalidOperationException($"nonce {nonce} was refused");
                while (!stop.IsCancellationRequested)
                {
                    var state = Chain.Node.GetTxStatus(tx.Id).State;
                    if (state == TxStatus.CommittedState) break;
                    if (state != TxStatus.Unknown) continue;
                    unknown.Add($"nonce {nonce} unknown after admission");
                    return;
                }

                Interlocked.Increment(ref committed);
            }
        }, TaskCreationOptions.LongRunning);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref committed) < 300 && !client.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(15)) Chain.Produce();
        await stop.CancelAsync();
        await client;

        Assert.Empty(unknown);
        Assert.True(committed >= 100, $"only {committed} transactions were committed");
    }

    [Fact]
    public async Task Submit_WhileBlocksAreBeingCommitted_AlwaysAdmitsTheNextNonce()
    {
        // A block applies its state before its transactions leave the mempool; admission must not see a half-done block.
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var submitted = 0UL;
        // A thread of its own: block production's parallel loops could keep a pool thread from starting it, and the test would
        // then pass having checked nothing (hence the count of blocks that held transactions, asserted below).
        var submitter = Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested && failures.Count == 0)
            {
                var result = Chain.Submit(FromAlice(Volatile.Read(ref submitted)));
                if (result.Accepted) Interlocked.Increment(ref submitted);
                else failures.Add($"nonce {submitted}: {result.Rejection}");
            }
        }, TaskCreationOptions.LongRunning);

        var blocksWithTransactions = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (blocksWithTransactions < 30 && !submitter.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (Chain.Produce().Block.Transactions.Count > 0) blocksWithTransactions++;
        }

        await stop.CancelAsync();
        await submitter;
        while (Chain.Node.MempoolCount > 0) Chain.Produce();

        Assert.Empty(failures);
        Assert.True(blocksWithTransactions >= 5, $"only {blocksWithTransactions} blocks held transactions");
        Assert.Equal(submitted, Runtime.Modules.Auth.AuthModule.NextNonce(Chain.Node.State, Alice.Address));
    }
}
