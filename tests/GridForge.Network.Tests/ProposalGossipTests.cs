using GridForge.Chain;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Core.Crypto;
using GridForge.Network.Consensus;
using GridForge.Network.Identity;
using GridForge.Network.Protocol;
using GridForge.Core.Primitives;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
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
    private async Task<(ChainNetwork Node, LinkHarness Sender, LinkHarness Watcher)> NetworkAsync(params Transaction[] held)
    {
        var chain = Chain("validator");
        foreach (var tx in held) Assert.True(chain.Submit(tx.Encoded).Accepted);
        var network = await ChainNetwork.StartAsync(chain, NodeKey.Generate(), new NetworkOptions { Listen = "127.0.0.1:0" });
        _disposables.Add(network);
        var driver = ConsensusDriver.Start(chain, network);
        _disposables.Insert(0, driver);
        var address = new Peers.PeerAddress(network.Key.Id, "127.0.0.1", network.Server!.Endpoint.Port);
        var sender = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [address] }, chainId: chain.ChainId, listen: false,
            genesis: chain.GenesisHash.ToArray());
        var watcher = await LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [address] }, chainId: chain.ChainId, listen: false,
            genesis: chain.GenesisHash.ToArray());
        _disposables.Add(sender);
        _disposables.Add(watcher);
        // Both ends must see each link: the node may list it before a harness's side does.
        await Eventually.True(() => network.Peers.Peers.Count == 2 && sender.Peers.Peers.Count == 1 && watcher.Peers.Peers.Count == 1, "both links");
        await Eventually.True(() => driver.Height == 1, "consensus at height 1");
        return (network, sender, watcher);
    }

    /// <summary>A block for height 1 built by <paramref name="builder"/> (holding <paramref name="txs"/>), proposed by
    /// <paramref name="proposer"/> in round 2 with <paramref name="validRound"/>, in full or by transaction ids.</summary>
    private (Envelope Message, Chain.Blocks.Block Block) Proposal(string builder, string proposer, int validRound, bool compact = false,
        params Transaction[] txs)
    {
        var chain = Chain(builder);
        foreach (var tx in txs) Assert.True(chain.Submit(tx.Encoded).Accepted);
        var block = chain.BuildProposal(1, _genesis.GenesisTime + 1);
        var proposal = new Proposal(1, 2, block.Id, validRound);
        var key = DevAccounts.Key(proposer);
        var signed = new SignedProposal(proposal, key.Address, key.Sign(proposal.SignBytes(_genesis.ChainId).ToArray()));
        var message = new ProposalMessage { Proposal = ConsensusWire.ToWire(signed) };
        if (compact) message.Compact = Wire.ToCompact(block);
        else message.Block = Wire.ToWire(block);
        return (new Envelope { Proposal = message }, block);
    }

    private Transaction Transfer(ulong nonce) => Transaction.Sign(DevAccounts.Key("dso"), _genesis.ChainId, nonce, 1_000, 1_000_000,
        new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1)));

    private static bool FromAlice(Envelope message) =>
        message.Proposal is { } p && p.Proposal.Proposer.Span.SequenceEqual(DevAccounts.AddressOf("alice").ToBytes());

    [Fact]
    public async Task AReProposalOfAnEarlierRoundsBlockBuiltByAnotherValidator_IsRelayed_NotPunished()
    {
        var (node, sender, watcher) = await NetworkAsync();
        // Tendermint's lines 15–16: alice proposes in round 2 the valid value of round 0, which bob built.
        sender.Peers.Peers[0].Send(Proposal(builder: "bob", proposer: "alice", validRound: 0).Message);
        await Eventually.True(() => watcher.Received.Any(r => FromAlice(r.Message)), "the proposal relayed to the other peer");
        Assert.False(node.Peers.IsBanned(sender.Key.Id));
        Assert.Equal(2, node.Peers.Peers.Count);
    }

    [Fact]
    public async Task AFreshProposalOfABlockThatNamesAnotherProposer_BansItsSender()
    {
        var (node, sender, watcher) = await NetworkAsync();
        sender.Peers.Peers[0].Send(Proposal(builder: "bob", proposer: "alice", validRound: -1).Message);
        await Eventually.True(() => node.Peers.IsBanned(sender.Key.Id), "the ban");
        Assert.DoesNotContain(watcher.Received, r => FromAlice(r.Message));
    }

    [Fact]
    public async Task AProposalByTransactionIds_IsRebuiltFromTheMempool_FetchingOnlyTheMissingOnesFromItsSender()
    {
        var txs = Enumerable.Range(0, 5).Select(n => Transfer((ulong)n)).ToArray();
        // The node holds the first three; the block holds all five.
        var (node, sender, watcher) = await NetworkAsync(txs[..3]);
        var (message, block) = Proposal(builder: "alice", proposer: "alice", validRound: -1, compact: true, txs);
        sender.Reply = (peer, e) =>
        {
            if (e.BlockTxsRequest is not { } request) return;
            var response = new BlockTxsResponse { Height = request.Height, Round = request.Round, ValueId = request.ValueId };
            response.Txs.AddRange(request.Indexes.Select(i => Google.Protobuf.ByteString.CopyFrom(block.Transactions[(int)i].Encoded)));
            peer.Send(new Envelope { BlockTxsResponse = response });
        };
        sender.Peers.Peers[0].Send(message);

        await Eventually.True(() => watcher.Received.Any(r => FromAlice(r.Message)), "the rebuilt proposal relayed");
        var request = Assert.Single(sender.Received, r => r.Message.BlockTxsRequest is not null).Message.BlockTxsRequest;
        Assert.Equal([3u, 4u], request.Indexes);
        // Relayed by ids too: what travels is 32 bytes a transaction.
        var relayed = watcher.Received.First(r => FromAlice(r.Message)).Message.Proposal;
        Assert.Equal(5 * 32, relayed.Compact.TxIds.Length);
        Assert.False(node.Peers.IsBanned(sender.Key.Id));

        // The node serves the block's transactions to a peer that lacks them; a request out of the block's bounds is garbage.
        var ask = new BlockTxsRequest { Height = 1, Round = 2, ValueId = relayed.Proposal.ValueId, Indexes = { 0, 4 } };
        watcher.Peers.Peers[0].Send(new Envelope { BlockTxsRequest = ask });
        await Eventually.True(() => watcher.Received.Any(r => r.Message.BlockTxsResponse is { Txs.Count: 2 }), "the served transactions");
        var served = watcher.Received.First(r => r.Message.BlockTxsResponse is { Txs.Count: 2 }).Message.BlockTxsResponse;
        Assert.Equal(block.Transactions[4].Encoded, served.Txs[1].ToByteArray());
        watcher.Peers.Peers[0].Send(new Envelope { BlockTxsRequest =
            new BlockTxsRequest { Height = 1, Round = 2, ValueId = relayed.Proposal.ValueId, Indexes = { 5 } } });
        await Eventually.True(() => node.Peers.IsBanned(watcher.Key.Id), "the ban for a request out of bounds");
    }

    [Fact]
    public async Task APeerAnsweringWithATransactionOtherThanTheOneTheBlockLists_IsBanned_AndTheProposalIsNotTaken()
    {
        var txs = Enumerable.Range(0, 3).Select(n => Transfer((ulong)n)).ToArray();
        var (node, sender, watcher) = await NetworkAsync(txs[..2]);
        var (message, _) = Proposal(builder: "alice", proposer: "alice", validRound: -1, compact: true, txs);
        var other = Transfer(7);
        sender.Reply = (peer, e) =>
        {
            if (e.BlockTxsRequest is not { } request) return;
            peer.Send(new Envelope { BlockTxsResponse =
                new BlockTxsResponse { Height = request.Height, Round = request.Round, ValueId = request.ValueId, Txs =
                    { Google.Protobuf.ByteString.CopyFrom(other.Encoded) } } });
        };
        sender.Peers.Peers[0].Send(message);
        await Eventually.True(() => node.Peers.IsBanned(sender.Key.Id), "the ban");
        Assert.DoesNotContain(watcher.Received, r => FromAlice(r.Message));
    }

    [Fact]
    public async Task ACompactBlockWhoseIdsAreNotItsHeaders_IsGarbage_AndAnUnknownBlockIsAnsweredEmpty()
    {
        var txs = Enumerable.Range(0, 3).Select(n => Transfer((ulong)n)).ToArray();
        var (node, sender, watcher) = await NetworkAsync(txs);
        var (message, _) = Proposal(builder: "alice", proposer: "alice", validRound: -1, compact: true, txs);
        // Asking for transactions of a block the node never saw is not garbage: the answer is empty.
        watcher.Peers.Peers[0].Send(new Envelope { BlockTxsRequest =
            new BlockTxsRequest { Height = 1, Round = 2, ValueId = message.Proposal.Proposal.ValueId, Indexes = { 0 } } });
        await Eventually.True(() => watcher.Received.Any(r => r.Message.BlockTxsResponse is { Txs.Count: 0 }), "the empty answer");
        Assert.False(node.Peers.IsBanned(watcher.Key.Id));

        // Ids swapped: the header (and so the signature) is intact, the ids are not the header's transactions.
        var ids = message.Proposal.Compact.TxIds.ToByteArray();
        (ids[0], ids[32]) = (ids[32], ids[0]);
        message.Proposal.Compact.TxIds = Google.Protobuf.ByteString.CopyFrom(ids);
        sender.Peers.Peers[0].Send(message);
        await Eventually.True(() => node.Peers.IsBanned(sender.Key.Id), "the ban");
        Assert.DoesNotContain(sender.Received, r => r.Message.BlockTxsRequest is not null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _disposables) await d.DisposeAsync();
        foreach (var c in _chains) c.Dispose();
        foreach (var d in _directories.Where(Directory.Exists)) Directory.Delete(d, true);
    }
}
