using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Network.Identity;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using Google.Protobuf;

namespace GridForge.Network.Tests;

/// <summary>Block sync and transaction gossip between in-process nodes over real TLS links (issue 17).</summary>
public sealed class SyncAndGossipTests : IDisposable
{
    private const long GenesisTime = 1_800_000_000;
    private readonly List<string> _directories = [];

    private ChainNode NewChain(bool validator)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gridforge-net-" + Guid.NewGuid().ToString("N"));
        _directories.Add(dir);
        return ChainNode.Open(dir, DevChain.Genesis(GenesisTime), validator ? DevAccounts.Key("validator") : null);
    }

    private static void Produce(ChainNode chain, int blocks)
    {
        for (var i = 0; i < blocks; i++)
        {
            var nonce = AuthModule.NextNonce(chain.State, DevAccounts.AddressOf("alice"));
            chain.Submit(Transaction.Sign(DevAccounts.Key("alice"), DevChain.ChainId, nonce, 1_000, 1_000_000,
                new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(3))).Encoded);
            chain.ProduceBlock(GenesisTime + (long)chain.Height + 1);
        }
    }

    private static NetworkOptions Fast(params PeerAddress[] peers) => new()
    {
        Listen = "127.0.0.1:0",
        PersistentPeers = peers,
        StatusInterval = TimeSpan.FromMilliseconds(200),
        DialBackoffInitial = TimeSpan.FromMilliseconds(100),
        DialBackoffMax = TimeSpan.FromSeconds(1),
    };

    private static PeerAddress AddressOf(ChainNetwork network) => new(network.Key.Id, "127.0.0.1", network.Server!.Endpoint.Port);

    /// <summary>A bare peer (a link harness) that dials <paramref name="node"/> on <paramref name="chain"/>'s chain.</summary>
    private static Task<LinkHarness> PeerOf(ChainNetwork node, ChainNode chain, bool listen = false) =>
        LinkHarness.StartAsync(new NetworkOptions { PersistentPeers = [AddressOf(node)] }, chainId: chain.ChainId, listen: listen,
            genesis: chain.GenesisHash.ToArray());

    /// <summary>Alice's transfers of 1 µWATT to Bob with nonces 0 … <paramref name="count"/> − 1, encoded.</summary>
    private static List<byte[]> AliceTransfers(int count) => [.. Enumerable.Range(0, count).Select(n => Transaction.Sign(DevAccounts.Key("alice"),
        DevChain.ChainId, (ulong)n, 1_000, 1_000_000, new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1))).Encoded)];

    private static Envelope Batch(IEnumerable<byte[]> encoded) => new() { Txs = new TxBatch { Txs = { encoded.Select(ByteString.CopyFrom) } } };

    [Fact]
    public async Task ANewNodeDownloadsTheChainFromAPeer_CheckingEveryBlock()
    {
        using var source = NewChain(validator: true);
        Produce(source, 120);
        using var follower = NewChain(validator: false);
        await using var a = await ChainNetwork.StartAsync(source, NodeKey.Generate(), Fast());
        await using var b = await ChainNetwork.StartAsync(follower, NodeKey.Generate(), Fast(AddressOf(a)));
        await Eventually.True(() => follower.Height == 120, $"sync to 120 (at {follower.Height})");
        Assert.Equal(source.Head, follower.Head);
        Assert.Equal(source.CommittedState.Root, follower.CommittedState.Root);

        // It follows blocks committed after it caught up.
        Produce(source, 3);
        await Eventually.True(() => follower.Height == 123, "the next blocks");
        Assert.Equal(source.Head, follower.Head);
    }

    [Fact]
    public async Task ATransactionSubmittedToOneNode_ReachesItsPeersMempool()
    {
        using var first = NewChain(validator: true);
        using var second = NewChain(validator: false);
        await using var a = await ChainNetwork.StartAsync(first, NodeKey.Generate(), Fast());
        await using var b = await ChainNetwork.StartAsync(second, NodeKey.Generate(), Fast(AddressOf(a)));
        await Eventually.True(() => a.Peers.Peers.Count == 1, "the link");
        var txs = Enumerable.Range(0, 50).Select(n => Transaction.Sign(DevAccounts.Key("charlie"), DevChain.ChainId, (ulong)n, 1_000, 1_000_000,
            new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1)))).ToList();
        Assert.All(second.SubmitBatch([.. txs.Select(t => t.Encoded)]), r => Assert.True(r.Accepted));
        await Eventually.True(() => first.MempoolCount == 50, $"gossip (the validator holds {first.MempoolCount})");
        first.ProduceBlock(GenesisTime + 1);
        Assert.Equal(50, first.GetBlock(1)!.Transactions.Count);
        await Eventually.True(() => second.Height == 1 && second.MempoolCount == 0, "the block back at the submitter");
    }

    [Fact]
    public async Task GossipedBatches_StayUnderTheirByteBound_SoAPeerWithASmallerMessageLimitTakesThemAll_AndBansNobody()
    {
        // The receiver takes messages of at most 64 KiB; the sender's own limit is the default (24 MiB). 500 transfers submitted at
        // once (about 100 KB) would go in one batch by count alone: the receiver would refuse it as oversized and ban its sender.
        using var first = NewChain(validator: true);
        using var second = NewChain(validator: false);
        await using var a = await ChainNetwork.StartAsync(first, NodeKey.Generate(), Fast() with { MaxMessageBytes = 64 * 1024 });
        await using var b = await ChainNetwork.StartAsync(second, NodeKey.Generate(), Fast(AddressOf(a)) with { TxBatchMaxBytes = 32 * 1024 });
        await Eventually.True(() => a.Peers.Peers.Count == 1, "the link");

        Assert.All(second.SubmitBatch([.. AliceTransfers(500)]), r => Assert.True(r.Accepted));

        await Eventually.True(() => first.MempoolCount == 500, $"gossip (the receiver holds {first.MempoolCount})");
        Assert.Single(a.Peers.Peers);
        Assert.Single(b.Peers.Peers);
    }

    [Fact]
    public async Task APeerThatServesATamperedBlock_IsBanned_AndTheChainComesFromAnHonestPeer()
    {
        using var source = NewChain(validator: true);
        Produce(source, 20);
        // The liar claims the same chain and serves each block with another block's transactions (its commit still the
        // true one, which it cannot forge).
        await using var liar = await LinkHarness.StartAsync(chainId: source.ChainId, genesis: source.GenesisHash.ToArray());
        liar.Reply = (peer, e) =>
        {
            if (e.BlockRequest is { } request)
            {
                for (var h = request.FromHeight; h < request.FromHeight + request.Count; h++)
                {
                    var raw = source.GetRawBlock(h)!.Value;
                    var other = source.GetRawBlock(h == 1 ? 2UL : 1UL)!.Value;
                    peer.Send(new Envelope { BlockResponse =
                        new BlockResponse { Height = h, Block = Wire.ToWire(raw.Header, other.Body), Commit = ByteString.CopyFrom(source.GetRawCommit(h)) } });
                }
            }
        };
        liar.Status = new Status { Height = 20 };
        using var follower = NewChain(validator: false);
        await using var b = await ChainNetwork.StartAsync(follower, NodeKey.Generate(), Fast(liar.Address));
        await Eventually.True(() => b.Peers.IsBanned(liar.Key.Id), "the liar's ban");
        Assert.Equal(0UL, follower.Height);

        // An honest peer appears: the chain comes from it.
        await using var a = await ChainNetwork.StartAsync(source, NodeKey.Generate(), Fast(AddressOf(b)));
        await Eventually.True(() => follower.Height == 20, "sync from the honest peer");
        Assert.Equal(source.Head, follower.Head);
    }

    [Fact]
    public async Task APeerThatSendsATransactionWithABadSignature_IsBanned()
    {
        using var chain = NewChain(validator: true);
        await using var a = await ChainNetwork.StartAsync(chain, NodeKey.Generate(), Fast());
        await using var mallory = await PeerOf(a, chain, listen: true);
        await Eventually.True(() => mallory.Peers.Peers.Count == 1, "the link");
        var tx = Transaction.Sign(DevAccounts.Key("alice"), DevChain.ChainId, 0, 1_000, 1_000_000,
            new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1))).Encoded;
        tx[^1] ^= 0x40;
        mallory.Peers.Peers[0].SendBulk(Batch([tx]));
        await Eventually.True(() => a.Peers.IsBanned(mallory.Key.Id), "the ban");
        Assert.Equal(0, chain.MempoolCount);
    }

    [Fact]
    public async Task ACopyOfAHeldTransaction_IsDroppedByTheHashOfItsBytes_AndAForgedCopyIsStillCheckedAndBanned()
    {
        using var chain = NewChain(validator: true);
        await using var a = await ChainNetwork.StartAsync(chain, NodeKey.Generate(), Fast());
        await using var first = await PeerOf(a, chain);
        await using var second = await PeerOf(a, chain);
        // Both ends must see each link: the node may list it before the harness's side does.
        await Eventually.True(() => a.Peers.Peers.Count == 2 && first.Peers.Peers.Count == 1 && second.Peers.Peers.Count == 1, "both links");
        var txs = AliceTransfers(20);

        first.Peers.Peers[0].SendBulk(Batch(txs));
        await Eventually.True(() => chain.MempoolCount == 20, "the first copies admitted");
        // The same bytes from another peer: 20 copies dropped before decoding, nothing admitted or refused again.
        second.Peers.Peers[0].SendBulk(Batch(txs));
        await Eventually.True(() => a.Txs.Duplicates == 20, $"copies dropped ({a.Txs.Duplicates})");
        Assert.Equal(20, chain.MempoolCount);
        Assert.False(a.Peers.IsBanned(second.Key.Id));

        // A copy whose signature was tampered with is other bytes: it is decoded, checked, and its sender banned.
        var forged = (byte[])txs[0].Clone();
        forged[^1] ^= 0x40;
        second.Peers.Peers[0].SendBulk(Batch([forged]));
        await Eventually.True(() => a.Peers.IsBanned(second.Key.Id), "the forger's ban");
        Assert.Equal(20, a.Txs.Duplicates);
    }

    [Fact]
    public async Task ALaterNonceThatArrivesFirst_IsKept_AndAdmittedOnceTheEarlierOneArrivesFromAnotherPeer()
    {
        using var chain = NewChain(validator: true);
        await using var a = await ChainNetwork.StartAsync(chain, NodeKey.Generate(), Fast());
        await using var fast = await PeerOf(a, chain);
        await using var slow = await PeerOf(a, chain);
        await Eventually.True(() => a.Peers.Peers.Count == 2 && fast.Peers.Peers.Count == 1 && slow.Peers.Peers.Count == 1, "both links");
        var txs = AliceTransfers(4);

        // Flooding brought nonces 1–3 by a quicker path than nonce 0: they are refused as ahead of the next nonce, and kept.
        fast.Peers.Peers[0].SendBulk(Batch(txs.Skip(1)));
        await Eventually.True(() => a.Txs.FutureKept == 3, $"kept ({a.Txs.FutureKept})");
        Assert.Equal(0, chain.MempoolCount);

        slow.Peers.Peers[0].SendBulk(Batch([txs[0]]));
        await Eventually.True(() => chain.MempoolCount == 4, $"all four waiting ({chain.MempoolCount})");
        Assert.Equal(0, a.Txs.FutureKept);
        Assert.False(a.Peers.IsBanned(fast.Key.Id));
    }

    [Fact]
    public async Task AKeptLaterNonce_IsAdmittedWhenABlockCommitsTheEarlierOne()
    {
        using var chain = NewChain(validator: true);
        await using var a = await ChainNetwork.StartAsync(chain, NodeKey.Generate(), Fast());
        await using var peer = await PeerOf(a, chain);
        await Eventually.True(() => a.Peers.Peers.Count == 1 && peer.Peers.Peers.Count == 1, "the link");
        var txs = AliceTransfers(2);
        peer.Peers.Peers[0].SendBulk(Batch([txs[1]]));
        await Eventually.True(() => a.Txs.FutureKept == 1, "kept");

        // Nonce 0 reaches this node only inside a block, made elsewhere and brought by block sync.
        using var other = NewChain(validator: true);
        Assert.True(other.Submit(txs[0]).Accepted);
        var (block, _) = other.ProduceBlock(GenesisTime + 1);
        Assert.Null(chain.ImportBlock(block, other.HeadCommit!));
        await Eventually.True(() => chain.MempoolCount == 1 && a.Txs.FutureKept == 0, $"nonce 1 waiting ({chain.MempoolCount}, kept {a.Txs.FutureKept})");
    }

    [Fact]
    public void FutureTxs_AreBoundedInAll_ForgettingTheOldestFirst()
    {
        var kept = new GridForge.Network.Gossip.FutureTxs(new(Count: 3, Bytes: 1_000, PerSender: 10, MaxAhead: 100));
        var alice = DevAccounts.AddressOf("alice");
        for (ulong n = 1; n <= 5; n++) Assert.True(kept.Keep(alice, n, 0, [(byte)n]));
        Assert.Equal(3, kept.Count);
        Assert.Null(kept.Take(alice, 1));
        Assert.Null(kept.Take(alice, 2));
        Assert.Equal([(byte)5], kept.Take(alice, 5)!);
        Assert.Equal((2, 2L), (kept.Count, kept.Bytes));
    }

    [Fact]
    public void FutureTxs_AreBoundedByBytesPerSenderAndHowFarAhead_SoThatAPeerCannotFillThemForFree()
    {
        var kept = new GridForge.Network.Gossip.FutureTxs(new(Count: 1_000, Bytes: 300, PerSender: 2, MaxAhead: 10));
        var (alice, bob) = (DevAccounts.AddressOf("alice"), DevAccounts.AddressOf("bob"));
        // Far ahead of the sender's next nonce, or not ahead at all: never admissible soon, not kept.
        Assert.False(kept.Keep(alice, 11, 0, new byte[10]));
        Assert.False(kept.Keep(alice, 0, 0, new byte[10]));
        // One sender keeps at most two.
        Assert.True(kept.Keep(alice, 1, 0, new byte[100]));
        Assert.True(kept.Keep(alice, 2, 0, new byte[100]));
        Assert.False(kept.Keep(alice, 3, 0, new byte[100]));
        // The bytes in all: a third 100-byte transaction pushes the oldest out.
        Assert.True(kept.Keep(bob, 5, 0, new byte[150]));
        Assert.Equal(250, kept.Bytes);
        Assert.Null(kept.Take(alice, 1));
        Assert.NotNull(kept.Take(alice, 2));
        Assert.NotNull(kept.Take(bob, 5));
        Assert.Equal((0, 0L), (kept.Count, kept.Bytes));
    }

    public void Dispose()
    {
        foreach (var d in _directories.Where(Directory.Exists)) Directory.Delete(d, true);
    }
}
