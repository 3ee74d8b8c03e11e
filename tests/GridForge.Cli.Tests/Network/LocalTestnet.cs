using System.Net.Http.Json;
using GridForge.Chain;
using GridForge.Consensus.Engine;
using GridForge.Consensus.Signing;
using GridForge.Node.Api;
using GridForge.Node.Home;

namespace GridForge.Cli.Tests.Network;

/// <summary>A network written by <c>gridforge testnet</c> (in a temp directory) whose nodes run as separate
/// <c>gridforge node --home</c> processes on loopback: start, SIGKILL and restart any of them, and read their chains through
/// the API. Every process is killed and the directory deleted on dispose.</summary>
internal sealed class LocalTestnet : IDisposable
{
    private readonly List<NodeProcess?> _running;
    private readonly List<Testnet.TestnetNode> _nodes;

    private LocalTestnet(string directory, IReadOnlyList<Testnet.TestnetNode> nodes)
    {
        Directory = directory;
        _nodes = [.. nodes];
        _running = [.. nodes.Select(_ => (NodeProcess?)null)];
    }

    public string Directory { get; }

    public IReadOnlyList<Testnet.TestnetNode> Nodes => _nodes;

    /// <summary>A second home for validator <paramref name="of"/>'s key — the operator mistake of starting a backup while the
    /// original runs: its own node key, data and sign state, the same validator key, linked to every validator. Its
    /// propose timeout is tiny, so it prevotes nil at once where the original waits for the proposal and prevotes the
    /// block: two conflicting prevotes under one key. Returns the new node's index.</summary>
    public int AddTwin(int of)
    {
        var original = NodeHome.Open(Nodes[of].Home);
        var ports = Testnet.FreeLoopbackPorts(2);
        var index = _nodes.Count;
        var path = Path.Combine(Directory, "net", $"node{of}-twin");
        using var validatorKey = original.LoadValidatorKey()!;
        var home = NodeHome.Init(path, new NodeHome.InitOptions
        {
            Moniker = $"node{of}-twin",
            GenesisJson = File.ReadAllText(original.GenesisPath),
            Validator = true,
            ValidatorKey = validatorKey,
            P2pListen = $"127.0.0.1:{ports[0]}",
            ApiListen = $"127.0.0.1:{ports[1]}",
            PersistentPeers = [.. Nodes.Where(n => n.Validator).Select(n => n.P2pAddress)],
        });
        home.Config.Consensus = new ConsensusTimeouts { ProposeMs = 1, ProposeDeltaMs = 0, PrevoteMs = 750, PrevoteDeltaMs = 250, PrecommitMs = 750,
            PrecommitDeltaMs = 250 };
        File.WriteAllText(Path.Combine(path, NodeConfig.FileName), home.Config.ToJson());
        using var nodeKey = home.LoadNodeKey();
        _nodes.Add(new Testnet.TestnetNode(home.Path, $"node{of}-twin", true, nodeKey.Id, $"http://{home.Config.Api.Listen}",
            $"{nodeKey.Id}@{home.Config.P2p.Listen}"));
        _running.Add(null);
        return index;
    }

    /// <summary>Changes a node home's <c>config.json</c> (before its node starts).</summary>
    public static void Configure(string home, Action<NodeConfig> change)
    {
        var path = Path.Combine(home, NodeConfig.FileName);
        var config = NodeConfig.Load(path);
        change(config);
        File.WriteAllText(path, config.ToJson());
    }

    /// <summary>Fast rounds for a loopback network on a busy machine: blocks every 300 ms, short but not hair-trigger timeouts.
    /// The genesis is dated <paramref name="historySeconds"/> before now (readings of slots that ended before it are refused).</summary>
    public static LocalTestnet Write(int validators, int fullNodes = 0, int blockIntervalMs = 300, int historySeconds = 0)
    {
        var directory = CliRunner.TempDir();
        var nodes = Testnet.Write(Path.Combine(directory, "net"), new Testnet.Options
        {
            Validators = validators,
            FullNodes = fullNodes,
            BlockIntervalMs = blockIntervalMs,
            GenesisTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - historySeconds,
            Timeouts = new ConsensusTimeouts { ProposeMs = 1_500, ProposeDeltaMs = 500, PrevoteMs = 750, PrevoteDeltaMs = 250, PrecommitMs = 750,
                PrecommitDeltaMs = 250 },
        });
        return new LocalTestnet(directory, nodes);
    }

    public NodeProcess this[int node] => _running[node] ?? throw new InvalidOperationException($"node{node} is not running");

    public bool IsRunning(int node) => _running[node] is { HasExited: false };

    public async Task StartAsync(params int[] nodes)
    {
        await Task.WhenAll(nodes.Select(async i =>
        {
            _running[i]?.Dispose();
            _running[i] = await NodeProcess.StartHomeAsync(Nodes[i].Home, Nodes[i].ApiUrl);
        }));
    }

    /// <summary>SIGKILL, as a crash: nothing of the node's shutdown runs.</summary>
    public void Kill(int node)
    {
        _running[node]?.Dispose();
        _running[node] = null;
    }

    public async Task<ulong> HeightAsync(int node) => (await this[node].Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!.Height;

    public async Task<string> BlockHashAsync(int node, ulong height) =>
        (await this[node].Http.GetFromJsonAsync<BlockResponse>($"api/v1/blocks/{height}"))!.Header.Hash;

    /// <summary>Waits (generously: the machine may be loaded) until every listed node reaches <paramref name="height"/>.</summary>
    public async Task WaitForHeightAsync(ulong height, int[] nodes, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var heights = await Task.WhenAll(nodes.Select(HeightAsync));
            if (heights.All(h => h >= height)) return;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"nodes {string.Join(",", nodes)} did not reach height {height} in {seconds} s (at {string.Join(",", heights)}); logs:\n" +
                    string.Join("\n", nodes.Select(i => $"--- node{i}\n{Tail(this[i].Log)}")));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Asserts that the listed nodes hold the same block hash at every height 1 … <paramref name="top"/>.</summary>
    public async Task AssertSameChainAsync(ulong top, params int[] nodes)
    {
        for (ulong h = 1; h <= top; h++)
        {
            var hashes = await Task.WhenAll(nodes.Select(i => BlockHashAsync(i, h)));
            Assert.True(hashes.Distinct().Count() == 1, $"block {h} differs between nodes {string.Join(",", nodes)}: {string.Join(", ", hashes)}");
        }
    }

    /// <summary>Runs <paramref name="blocks"/> heights of consensus among all validators in this process, before any node
    /// process starts: every proposal and vote delivered at once and in order, each validator's chain in its own home
    /// (the chain a network of these validators would have made, made faster than its block interval allows).</summary>
    public void PreProduce(int blocks)
    {
        var validators = Nodes.Where(n => n.Validator).ToList();
        var genesis = NodeHome.Open(validators[0].Home).LoadGenesis()!;
        var chains = validators.Select(n =>
        {
            var home = NodeHome.Open(n.Home);
            return ChainNode.Open(home.DataDirectory, genesis, home.LoadValidatorKey(), new ChainOptions { SignStateStore = new MemorySignStateStore() });
        }).ToList();
        try
        {
            var cores = chains.Select(c => c.CreateCore()!).ToList();
            // Dated at the genesis time: faster than real time, a block dated later could lie in the network's future.
            var time = genesis.GenesisTime;
            for (var b = 0; b < blocks; b++)
            {
                var height = chains[0].Height + 1;
                var queue = new Queue<(int Node, ConsensusOutput Output)>();
                for (var i = 0; i < cores.Count; i++)
                {
                    foreach (var o in cores[i].StartHeight(height, chains[i].NextRotation)) queue.Enqueue((i, o));
                }

                var decided = 0;
                while (queue.TryDequeue(out var next) && decided < cores.Count)
                {
                    var (i, output) = next;
                    IEnumerable<(int, ConsensusOutput)> more = output switch
                    {
                        BroadcastProposal p => Others(i).SelectMany(j => cores[j].OnProposal(p.Proposal, p.Value).Select(o => (j, o))),
                        BroadcastVote v => Others(i).SelectMany(j => cores[j].OnVote(v.Vote).Select(o => (j, o))),
                        RequestValue r => cores[i].OnValueToPropose(r.Height, r.Round, chains[i].BuildProposal(r.Height, time)).Select(o => (i, o)),
                        RequestValidity q => cores[i].OnValidity(q.Height, q.Value.Id, chains[i].ValidateProposal((Chain.Blocks.Block)q.Value) is null)
                            .Select(o => (i, o)),
                        Decided d => Commit(i, d),
                        _ => [],
                    };
                    foreach (var m in more.ToList()) queue.Enqueue(m);
                }

                Assert.Equal(cores.Count, decided);

                IEnumerable<(int, ConsensusOutput)> Commit(int i, Decided d)
                {
                    chains[i].CommitDecision(d.Decision);
                    decided++;
                    return [];
                }

                IEnumerable<int> Others(int i) => Enumerable.Range(0, cores.Count).Where(j => j != i);
            }
        }
        finally
        {
            foreach (var c in chains) c.Dispose();
        }
    }

    private static string Tail(string log) => log.Length <= 4_000 ? log : log[^4_000..];

    public void Dispose()
    {
        foreach (var p in _running) p?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }
}
