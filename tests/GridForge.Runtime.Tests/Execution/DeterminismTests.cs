using System.Collections.Concurrent;
using CsCheck;
using GridForge.Core.Primitives;
using GridForge.Runtime.Genesis;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>DESIGN §3: the same genesis and the same blocks give the same state root and the same
/// results, every time; and each block conserves the supply of both tokens.</summary>
public sealed class DeterminismTests
{
    private static readonly GenesisDocument Genesis = Build.A.Genesis.Funding(TestKeys.Traders).TestObject;

    private static readonly Gen<TransferAttempt[][]> Traffic = RandomTraffic.Blocks(TestKeys.Traders.Length, GenesisBuilder.DefaultBalance);

    /// <summary>Runs signed blocks on a fresh runtime; every transaction is decoded from its bytes, so nothing
    /// (not even a remembered signature check) carries over from another run.</summary>
    private static (List<BlockOutcome> Blocks, RuntimeHarness Chain) Replay(IReadOnlyList<IReadOnlyList<byte[]>> blocks)
    {
        var chain = RuntimeHarness.Start(Genesis);
        return (blocks.Select(chain.ExecuteBlock).ToList(), chain);
    }

    private static string Describe(BlockOutcome block) =>
        $"{block.StateRoot} [{string.Join(", ", block.Transactions.Select(t => $"{t.Id}:{(t.Included ? "in" : "out")}:{t.Code ?? "ok"}"))}]";

    [Fact]
    public void RandomTransactionSequences_ReplayedTwice_GiveIdenticalStateRootsAndResults()
    {
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Traffic.Sample(attempts =>
        {
            var signed = RandomTraffic.Sign(attempts, TestKeys.Traders, Genesis.ChainId);

            var (first, firstChain) = Replay(signed);
            var (second, secondChain) = Replay(signed);

            Assert.Equal(first.Select(Describe), second.Select(Describe));
            Assert.Equal(firstChain.State.Root, secondChain.State.Root);
            Assert.Equal(
                firstChain.Snapshot().Select(kv => (kv.Key.ToString(), Convert.ToHexString(kv.Value))),
                secondChain.Snapshot().Select(kv => (kv.Key.ToString(), Convert.ToHexString(kv.Value))));
            foreach (var tx in first.SelectMany(b => b.Transactions)) seen.AddOrUpdate(tx.Code ?? "ok", 1, (_, n) => n + 1);
        }, iter: 200);

        // The traffic is only worth replaying if it reaches the failures it was made to produce.
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "ok", RejectionCodes.InsufficientFunds, RejectionCodes.InvalidAmount, RejectionCodes.NonceReplayed, RejectionCodes.NonceFuture,
                RejectionCodes.FeeTooLow, RejectionCodes.InsufficientFee, RejectionCodes.Expired,
            },
            new HashSet<string>(seen.Keys, StringComparer.Ordinal));
    }

    [Fact]
    public void RandomTransactionSequences_ConserveTheSupplyOfEachTokenAfterEveryBlock() =>
        Traffic.Sample(attempts =>
        {
            var chain = RuntimeHarness.Start(Genesis);
            var genesisSupply = SupplyAudit.SuppliesOf(chain.State);
            SupplyAudit.AssertConserved(chain.State, genesisSupply, "at genesis");
            foreach (var block in RandomTraffic.Sign(attempts, TestKeys.Traders, Genesis.ChainId))
            {
                chain.ExecuteBlock(block);
                SupplyAudit.AssertConserved(chain.State, genesisSupply, $"after block {chain.Height}");
            }
        }, iter: 200);

    [Fact]
    public void StateRoot_DependsOnlyOnTheState_NotOnTheOrderItsKeysWereWritten()
    {
        // Two different histories that end in the same balances and nonces must agree on the root.
        var viaBob = RuntimeHarness.Start(Genesis);
        var direct = RuntimeHarness.Start(Genesis);

        viaBob.ExecuteBlock([
            Build.A.Transfer.From(TestKeys.Alice).To(TestKeys.Bob).Amount(10).Of(Token.Grid).WithFee(100).Encoded(),
            Build.A.Transfer.From(TestKeys.Bob).To(TestKeys.Charlie).Amount(10).Of(Token.Grid).WithFee(100).Encoded()]);
        direct.ExecuteBlock([
            Build.A.Transfer.From(TestKeys.Bob).To(TestKeys.Bob).Amount(1).Of(Token.Grid).WithFee(100).Encoded(),
            Build.A.Transfer.From(TestKeys.Alice).To(TestKeys.Charlie).Amount(10).Of(Token.Grid).WithFee(100).Encoded()]);

        Assert.Equal(direct.State.Root, viaBob.State.Root);
    }
}
