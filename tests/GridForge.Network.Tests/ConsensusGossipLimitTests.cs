using GridForge.Chain;
using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;
using GridForge.Network.Consensus;
using GridForge.Network.Identity;
using GridForge.Network.Protocol;
using GridForge.Core.Crypto;
using ProtoVoteBatch = GridForge.Network.Protocol.VoteBatch;
using SignedVote = GridForge.Consensus.Messages.SignedVote;

namespace GridForge.Network.Tests;

/// <summary>Issue 17, Build: one noisy or malicious peer cannot flood a validator's consensus — votes it cannot use cost it
/// its score until it is disconnected, a forged signature bans it at once, and the validator goes on deciding blocks.</summary>
public sealed class ConsensusGossipLimitTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gridforge-net-" + Guid.NewGuid().ToString("N"));

    private async Task<(ChainNode Chain, ChainNetwork Network, ConsensusDriver Driver)> ValidatorAsync()
    {
        var chain = ChainNode.Open(_dir, DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds()), DevAccounts.Key("validator"));
        var network = await ChainNetwork.StartAsync(chain, NodeKey.Generate(), new NetworkOptions { Listen = "127.0.0.1:0" });
        var driver = ConsensusDriver.Start(chain, network);
        // The one validator decides alone; wait until it does.
        await Eventually.True(() => chain.Height >= 1, "the validator's first block");
        return (chain, network, driver);
    }

    private static async Task<LinkHarness> PeerOfAsync(ChainNode chain, ChainNetwork network)
    {
        var peer = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [new(network.Key.Id, "127.0.0.1", network.Server!.Endpoint.Port)] },
            chainId: chain.ChainId, listen: false, genesis: chain.GenesisHash.ToArray());
        await Eventually.True(() => peer.Peers.Peers.Count == 1 && network.Peers.Peers.Count == 1, "the link");
        return peer;
    }

    private static Protocol.SignedVote VoteFor(ulong height, byte fill) => ConsensusWire.ToWire(new SignedVote(
        new Vote(GridForge.Consensus.Messages.VoteType.Prevote, height, 0, new Hash32(Enumerable.Repeat(fill, Hash32.Size).ToArray())),
        DevAccounts.AddressOf("validator"), new byte[Core.Crypto.Ed25519.SignatureSize]));

    [Fact]
    public async Task APeerFloodingVotesOutOfReach_IsDisconnectedByItsScore_AndTheValidatorGoesOn()
    {
        var (chain, network, driver) = await ValidatorAsync();
        await using (network)
        await using (driver)
        using (chain)
        {
            await using var flooder = await PeerOfAsync(chain, network);
            var link = flooder.Peers.Peers[0];
            var checks = driver.SignatureChecks;
            var far = chain.Height + 1_000;
            var sent = 0;
            // 64 votes a batch (the limit for a set of one), each far beyond the next height: dropped unchecked, 10 points each.
            while (!link.IsClosed && sent < 100)
            {
                var batch = new ProtoVoteBatch();
                for (var i = 0; i < 64; i++) batch.Votes.Add(VoteFor(far + (ulong)i, (byte)(i + 1)));
                link.Send(new Envelope { Votes = batch });
                sent++;
                await Task.Delay(5);
            }

            await Eventually.True(() => network.Peers.Peers.Count == 0, "the flooder's disconnect");
            Assert.False(network.Peers.IsBanned(flooder.Key.Id), "useless is not malicious: no ban");
            // The flood was dropped before any signature check (at least 16 batches of 64 were needed to disconnect it).
            Assert.True(sent >= 16, $"disconnected after {sent} batches");
            Assert.True(driver.SignatureChecks - checks < 64, $"{driver.SignatureChecks - checks} signature checks during the flood");
            // Each one counted for the node's metrics as a vote of another height, none as accepted.
            var received = driver.VotesReceived().ToDictionary(v => (v.Type, v.Outcome), v => v.Count);
            Assert.True(received[("prevote", "other_height")] >= 16 * 64, $"{received[("prevote", "other_height")]} counted as other_height");
            Assert.Equal(0, received[("prevote", "accepted")]);
            var height = chain.Height;
            await Eventually.True(() => chain.Height >= height + 2, "blocks after the flood");
        }
    }

    [Fact]
    public async Task APeerSendingAVoteWithAForgedSignature_IsBanned_AndCountedAsABadSignatureAndABan()
    {
        var (chain, network, driver) = await ValidatorAsync();
        await using (network)
        await using (driver)
        using (chain)
        {
            await using var forger = await PeerOfAsync(chain, network);
            var checks = driver.SignatureChecks;
            forger.Peers.Peers[0].Send(new Envelope { Votes = new ProtoVoteBatch { Votes = { VoteFor(driver.Height + 1, 7) } } });
            await Eventually.True(() => network.Peers.IsBanned(forger.Key.Id), "the ban");
            Assert.True(driver.SignatureChecks > checks, "the forged vote was checked");
            Assert.Equal(1, driver.VotesReceived().Single(v => v.Type == "prevote" && v.Outcome == "bad_signature").Count);
            Assert.Equal(1, network.Peers.BansTotal);
            // The forger's vote never counts: the only validator in reach is this one, with all the power.
            var (inReach, total) = driver.PowerInReach(TimeSpan.FromSeconds(15));
            Assert.Equal(total, inReach);
            var height = chain.Height;
            await Eventually.True(() => chain.Height >= height + 2, "blocks after the forgery");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }
}
