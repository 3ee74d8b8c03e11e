using GridForge.Chain.Production;
using GridForge.Core.Crypto;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Production;

/// <summary>docs/network.md, "Block size under load": the per-write staging time a proposer reserves is learned from what it
/// stages, and no single measurement can shrink its blocks for good.</summary>
public sealed class StagingCostTests : ChainTestBase
{
    [Fact]
    public void AStallDuringOneStaging_RaisesTheEstimateAtMostFourfold_AndALargeSlowerBlockIsLearnedOverAFewBlocks()
    {
        var cost = new StagingCost();
        // 150 writes held up by a 3 s pause of the process: 20 ms per write, if it were believed.
        cost.Observe(150, TimeSpan.FromSeconds(3));
        Assert.InRange(cost.PerWrite, StagingCost.InitialPerWrite, StagingCost.InitialPerWrite * StagingCost.MaxRise);

        // A node whose staging really is 100 µs per write (a slow disk, a busy CPU) gets there in a few large blocks.
        var slow = new StagingCost();
        for (var block = 0; block < 4; block++) slow.Observe(10_000, TimeSpan.FromMicroseconds(100) * 10_000);
        Assert.InRange(slow.PerWrite, TimeSpan.FromMicroseconds(95), TimeSpan.FromMicroseconds(100));
    }

    [Fact]
    public void NearlyEmptyBlocks_DoNotRaiseTheEstimate_AndNoStagingLowersItMoreThanFourfold()
    {
        var cost = new StagingCost();
        // A quiet spell: blocks of a few end-of-block writes, whose staging time is mostly fixed costs (150 µs for 4 writes).
        for (var block = 0; block < 300; block++) cost.Observe(4, TimeSpan.FromMicroseconds(150));
        Assert.Equal(StagingCost.InitialPerWrite, cost.PerWrite);

        // A large block whose writes were unusually cheap to stage (or a clock that says nothing passed).
        cost.Observe(100_000, TimeSpan.Zero);
        Assert.True(cost.PerWrite >= StagingCost.InitialPerWrite / StagingCost.MaxRise, $"{cost.PerWrite.TotalMicroseconds} µs per write");
    }

    [Fact]
    public void AnEstimateFarTooHigh_ComesDown_FromTheSmallStagingsItStillAllows()
    {
        var cost = new StagingCost { PerWrite = TimeSpan.FromMilliseconds(5) };
        // What a 250 ms budget then allows: about 50 writes, staged in half a millisecond.
        for (var block = 0; block < 40 && cost.PerWrite > TimeSpan.FromMicroseconds(50); block++)
        {
            cost.Observe((int)(TimeSpan.FromMilliseconds(250) / cost.PerWrite), TimeSpan.FromMilliseconds(0.5));
        }

        Assert.True(cost.PerWrite <= TimeSpan.FromMicroseconds(50), $"still {cost.PerWrite.TotalMicroseconds} µs per write after 40 blocks");
    }

    [Fact]
    public void AProposerWhoseEstimateWasInflated_BuildsFullBlocksAgain_WithinAFewProposals()
    {
        // 200 transfers to distinct accounts (two writes each beside the sender's), and a proposer that believes a write takes 5 ms.
        for (ulong n = 0; n < 200; n++)
        {
            using var to = SigningKey.Generate();
            Assert.True(Chain.Submit(Build.A.Transfer.From(Alice).To(to.Address).Amount(1).WithNonce(n).Signed()).Accepted);
        }

        Chain.Node.StagingCost.PerWrite = TimeSpan.FromMilliseconds(5);
        var time = GenesisBuilder.DefaultTime + 5;
        var sizes = new List<int>();
        for (var proposal = 0; proposal < 20; proposal++) sizes.Add(Chain.Node.BuildProposal(1, time, TimeSpan.FromMilliseconds(250)).Transactions.Count);

        Assert.True(sizes[0] < 100, $"the inflated estimate did not bound the first proposal ({sizes[0]} transactions)");
        Assert.Equal(200, sizes[^1]);
    }
}
