using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests.Network;

/// <summary>Issue 17, Build: a validator started twice with the same key (an operator mistake) is caught — its conflicting
/// votes become evidence in a block, it is slashed and leaves the validator set, and the others go on without it.</summary>
[Collection(NetworkCollection.Name)]
public sealed class EquivocationTests
{
    [Fact]
    public async Task AValidatorRunningTwiceWithOneKey_IsCaughtSlashedAndRemoved_AndTheChainGoesOn()
    {
        using var net = LocalTestnet.Write(validators: 4);
        int[] validators = [0, 1, 2, 3];
        await net.StartAsync(validators);
        await net.WaitForHeightAsync(2, validators);
        using var key = KeyFile.Load(Path.Combine(net.Nodes[1].Home, "validator_key.json"));
        var offender = key.Address.ToString();
        var stakeBefore = (await net[0].Http.GetFromJsonAsync<StakingEndpoints.StakerResponse>($"api/v1/staking/accounts/{offender}"))!.Active;

        var twin = net.AddTwin(of: 1);
        await net.StartAsync(twin);

        // Evidence lands in a block; the offender is slashed; from two blocks later it no longer signs.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        StakingEndpoints.StakerResponse staker;
        while (true)
        {
            staker = (await net[0].Http.GetFromJsonAsync<StakingEndpoints.StakerResponse>($"api/v1/staking/accounts/{offender}"))!;
            if (staker.LastOffenceHeight is not null) break;
            Assert.True(DateTime.UtcNow < deadline, $"no slash within 120 s; node0's log:\n{net[0].Log[^Math.Min(4_000, net[0].Log.Length)..]}");
            await Task.Delay(200);
        }

        Assert.True(staker.Active < stakeBefore, $"stake {staker.Active} after the slash, {stakeBefore} before");
        var height = await net.HeightAsync(0);
        var withEvidence = new List<ulong>();
        for (var h = height; h >= 1 && withEvidence.Count == 0; h--)
        {
            if ((await net[0].Http.GetFromJsonAsync<BlockResponse>($"api/v1/blocks/{h}"))!.Evidence > 0) withEvidence.Add(h);
        }

        Assert.NotEmpty(withEvidence);
        int[] honest = [0, 2, 3];
        await net.WaitForHeightAsync(height + 3, honest);
        var status = (await net[0].Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!;
        Assert.DoesNotContain(offender, status.Validators);
        Assert.Equal(3, status.Validators.Count);

        // The three honest validators hold all the power now and go on, with or without the offender's two processes.
        net.Kill(1);
        net.Kill(twin);
        var after = await net.HeightAsync(0);
        await net.WaitForHeightAsync(after + 3, honest);
        await net.AssertSameChainAsync(after + 3, honest);
    }
}
