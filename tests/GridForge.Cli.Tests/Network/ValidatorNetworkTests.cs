using GridForge.Chain.Verification;

namespace GridForge.Cli.Tests.Network;

/// <summary>Issue 17, Must hold: four validators as separate processes on loopback, authenticated links, Tendermint over
/// them. Any one may crash (kill -9) and the chain goes on; two down stops commits (safety over liveness) until one
/// returns; every node holds the same block at every height.</summary>
[Collection(NetworkCollection.Name)]
public sealed class ValidatorNetworkTests
{
    private static readonly int[] All = [0, 1, 2, 3];

    [Fact]
    public async Task KillingAnyOneValidator_BlocksKeepComing_AndItCatchesUpAfterRestart()
    {
        using var net = LocalTestnet.Write(validators: 4);
        await net.StartAsync(All);
        await net.WaitForHeightAsync(3, All);

        // Any one: which one changes from run to run (the proposer of the moment, or not).
        var victim = Random.Shared.Next(4);
        net.Kill(victim);
        var others = All.Where(i => i != victim).ToArray();
        var atKill = (await Task.WhenAll(others.Select(net.HeightAsync))).Max();
        await net.WaitForHeightAsync(atKill + 3, others);

        await net.StartAsync(victim);
        var head = (await Task.WhenAll(others.Select(net.HeightAsync))).Max();
        await net.WaitForHeightAsync(head + 2, All);
        var top = (await Task.WhenAll(All.Select(net.HeightAsync))).Min();
        await net.AssertSameChainAsync(top, All);
    }

    [Fact]
    public async Task WithTwoOfFourValidatorsDown_NoBlockIsCommitted_UntilOneReturns()
    {
        using var net = LocalTestnet.Write(validators: 4);
        await net.StartAsync(All);
        await net.WaitForHeightAsync(3, All);
        net.Kill(1);
        net.Kill(3);
        int[] survivors = [0, 2];

        // A block whose precommits were already out may still land; after that, nothing can: 2 of 4 is not > 2/3.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stalled = await Task.WhenAll(survivors.Select(net.HeightAsync));
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Equal(stalled, await Task.WhenAll(survivors.Select(net.HeightAsync)));

        await net.StartAsync(3);
        int[] three = [0, 2, 3];
        await net.WaitForHeightAsync(stalled.Max() + 2, three);
        var top = (await Task.WhenAll(three.Select(net.HeightAsync))).Min();
        await net.AssertSameChainAsync(top, three);
    }

    [Fact]
    public async Task AFullNodeStartedFromGenesisAfter1000Blocks_CatchesUpAndVerifiesEveryBlock()
    {
        using var net = LocalTestnet.Write(validators: 4, fullNodes: 1);
        // The validators' first 1,000 blocks, decided by their own cores in this process (the block interval would make
        // the network itself take minutes); the validators then run on from them as processes.
        net.PreProduce(1_000);
        await net.StartAsync(All);
        await net.WaitForHeightAsync(1_002, All);

        await net.StartAsync(4);
        var head = await net.HeightAsync(0);
        await net.WaitForHeightAsync(head, [4]);
        await net.AssertSameChainAsync(head, 0, 4);
        net.Kill(4);
        var report = ChainVerifier.Verify(Path.Combine(net.Nodes[4].Home, "data"));
        Assert.True(report.Ok && report.Height >= head, report.ToString());
    }
}

/// <summary>Network tests run one at a time: each starts several node processes on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetworkCollection
{
    public const string Name = "network processes";
}
