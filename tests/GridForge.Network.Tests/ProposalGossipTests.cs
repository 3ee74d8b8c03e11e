using GridForge.Chain;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Core.Crypto;
using GridForge.Network.Consensus;
using GridForge.Network.Identity;
using GridForge.Network.Protocol;
using GridForge.Runtime.Genesis;
using SignedProposal = GridForge.Consensus.Messages.SignedProposal;

namespace GridForge.Network.Tests;

/// <summary>Issue 17: how a validator takes proposals from its peers — an honest re-proposal is relayed, what no honest
/// node sends gets its sender banned.</summary>
public sealed class ProposalGossipTests : IAsyncDisposable
{
    /// <summary>Four validators of equal power: the dev validator (the node under test) and three dev accounts.</summary>
    private static readonly string[] Validators = ["validator", "alice", "bob", "charlie"];

    private readonly List<string> _directories = [];
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly List<IDisposable> _chains = [];
    private readonly GenesisDocument _genesis = FourValidators(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static GenesisDocument FourValidators(long time)
    {
        var genesis = DevChain.Genesis(time);
        genesis.Validators.Clear();
        genesis.Validators.AddRange(Validators.Select(v => new GenesisValidator { Address = DevAccounts.AddressOf(v).ToString(), Power = 1 }));
        return genesis;
    }

    private ChainNode Chain(string validator)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gridforge-net-" + Guid.NewGuid().ToString("N"));
        _directories.Add(dir);
        var chain = ChainNode.Open(dir, _genesis, DevAccounts.Key(validator), new ChainOptions { SignStateStore = new MemorySignStateStore() });
        _chains.Add(chain);
        return chain;
    }

    /// <summary>The dev validator's consensus on its own (it cannot decide: it holds a quarter of the power) and two peers
    /// linked to it: one that sends, one that watches what is relayed.</summary>
    private async Task<(ChainNetwork Node, LinkHarness Sender, LinkHarness Watcher)> NetworkAsync()
    {
        var chain = Chain("validator");
        var network = await ChainNetwork.StartAsync(chain, NodeKey.Generate(), new NetworkOptions { Listen = "127.0.0.1:0" });
        _disposables.Add(network);
        var driver = ConsensusDriver.Start(chain, network);
        _disposables.Insert(0, driver);
        var address = new Peers.PeerAddress(network.Key.Id, "127.0.0.1", network.Server!.Endpoint.Port);
        var sender = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [address] }, chainId: chain.ChainId, listen: false, genesis: chain.GenesisHash.ToArray());
        var watcher = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [address] }, chainId: chain.ChainId, listen: false, genesis: chain.GenesisHash.ToArray());
        _disposables.Add(sender);
        _disposables.Add(watcher);
        await Eventually.True(() => network.Peers.Peers.Count == 2, "both links");
        await Eventually.True(() => driver.Height == 1, "consensus at height 1");
        return (network, sender, watcher);
    }

    /// <summary>A block for height 1 built by <paramref name="builder"/>, proposed by <paramref name="proposer"/> in round 2
    /// with <paramref name="validRound"/>.</summary>
    private Envelope Proposal(string builder, string proposer, int validRound)
    {
        var block = Chain(builder).BuildProposal(1, _genesis.GenesisTime + 1);
        var proposal = new Proposal(1, 2, block.Id, validRound);
        var key = DevAccounts.Key(proposer);
        var signed = new SignedProposal(proposal, key.Address, key.Sign(proposal.SignBytes(_genesis.ChainId).ToArray()));
        return new Envelope { Proposal = new ProposalMessage { Proposal = ConsensusWire.ToWire(signed), Block = Wire.ToWire(block) } };
    }

    private static bool FromAlice(Envelope message) =>
        message.Proposal is { } p && p.Proposal.Proposer.Span.SequenceEqual(DevAccounts.AddressOf("alice").ToBytes());

    [Fact]
    public async Task AReProposalOfAnEarlierRoundsBlockBuiltByAnotherValidator_IsRelayed_NotPunished()
    {
        var (node, sender, watcher) = await NetworkAsync();
        // Tendermint's lines 15–16: alice proposes in round 2 the valid value of round 0, which bob built.
        sender.Peers.Peers[0].Send(Proposal(builder: "bob", proposer: "alice", validRound: 0));
        await Eventually.True(() => watcher.Received.Any(r => FromAlice(r.Message)), "the proposal relayed to the other peer");
        Assert.False(node.Peers.IsBanned(sender.Key.Id));
        Assert.Equal(2, node.Peers.Peers.Count);
    }

    [Fact]
    public async Task AFreshProposalOfABlockThatNamesAnotherProposer_BansItsSender()
    {
        var (node, sender, watcher) = await NetworkAsync();
        sender.Peers.Peers[0].Send(Proposal(builder: "bob", proposer: "alice", validRound: -1));
        await Eventually.True(() => node.Peers.IsBanned(sender.Key.Id), "the ban");
        Assert.DoesNotContain(watcher.Received, r => FromAlice(r.Message));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _disposables) await d.DisposeAsync();
        foreach (var c in _chains) c.Dispose();
        foreach (var d in _directories.Where(Directory.Exists)) Directory.Delete(d, true);
    }
}
