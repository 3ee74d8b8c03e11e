using CsCheck;
using GridForge.Chain.Tests.Harness;
using GridForge.Chain.Verification;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Execution;

/// <summary>Issue 2, Must hold: random transaction sequences on two nodes from the same genesis give
/// identical blocks, state roots and results, and every block conserves the supply of both tokens.</summary>
public sealed class TwoNodeDeterminismTests
{
    private static readonly Gen<(TransferAttempt[][] Attempts, int[] TimeSteps)> Scenario =
        Gen.Select(RandomTraffic.Blocks(TestKeys.Traders.Length, DevChain.StartingBalance), Gen.Int[0, 5].Array[5]);

    private static IEnumerable<(string?, string?)> Verdicts(IEnumerable<SubmitResult> results) =>
        results.Select(r => (r.TxId?.ToString(), r.Rejection?.Code));

    [Fact]
    public void BlocksProducedOnOneNode_ReplayedOnAnother_GiveIdenticalHeadersStateRootsAndResults() =>
        Scenario.Sample((attempts, timeSteps) =>
        {
            using var producer = TestNode.Start();
            using var follower = TestNode.Start();
            var supply = SupplyAudit.SuppliesOf(producer.Node.CommittedState);
            var time = producer.Genesis.GenesisTime;
            var blocks = RandomTraffic.Sign(attempts, TestKeys.Traders, DevChain.ChainId);

            for (var i = 0; i < blocks.Count; i++)
            {
                foreach (var tx in blocks[i]) producer.Submit(tx);
                time += timeSteps[i];
                var (block, results) = producer.Produce(time);

                // The follower is given exactly the block's transactions, at the block's time.
                Assert.All(follower.Node.SubmitBatch([.. block.Transactions.Select(t => t.Encoded)]), r => Assert.True(r.Accepted, r.Rejection?.ToString()));
                var (replayed, replayedResults) = follower.Produce(time);

                Assert.Equal(block.Header, replayed.Header);
                Assert.Equal(producer.Node.CommittedState.Root, follower.Node.CommittedState.Root);
                Assert.Equal(results.Select(r => (r.TxId, r.Rejection?.Code)), replayedResults.Select(r => (r.TxId, r.Rejection?.Code)));
                SupplyAudit.AssertConserved(producer.Node.CommittedState, supply, $"after block {block.Header.Height}");
            }

            StateAssert.Unchanged(producer.Node.CommittedState.Snapshot(), follower.Node.CommittedState.Snapshot());
        }, iter: 20);

    [Fact]
    public void SameSubmissions_OnTwoNodes_GiveIdenticalVerdictsAndChains() =>
        Scenario.Sample((attempts, timeSteps) =>
        {
            using var first = TestNode.Start();
            using var second = TestNode.Start();
            var time = first.Genesis.GenesisTime;

            foreach (var (block, step) in RandomTraffic.Sign(attempts, TestKeys.Traders, DevChain.ChainId).Zip(timeSteps))
            {
                Assert.Equal(Verdicts(block.Select(first.Submit)), Verdicts(block.Select(second.Submit)));
                time += step;
                Assert.Equal(first.Produce(time).Block.Header, second.Produce(time).Block.Header);
            }

            first.Stop();
            Assert.Equal(new VerifyReport(true, first.Height, null), ChainVerifier.Verify(first.DataDirectory));
        }, iter: 20);
}
