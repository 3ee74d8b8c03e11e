using System.Net;
using System.Net.Sockets;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Network.Identity;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Staking;

namespace GridForge.Node.Home;

/// <summary>A ready local network (<c>gridforge testnet</c>): node homes <c>node0</c> … (validators first, then full
/// nodes), one genesis in which every validator bonds GRID through staking, funded accounts and the grid roles with their
/// key files in <c>accounts/</c>, and configs on free loopback ports in which every node keeps a link to every validator.
/// Documented in docs/network.md.</summary>
public static class Testnet
{
    public const string DefaultChainId = "gridforge-testnet";

    /// <summary>Each validator's own stake (µGRID): its voting power at genesis and its backing in the first election.</summary>
    public const ulong ValidatorBond = 500_000UL * 1_000_000UL;

    /// <summary>What every funded account (validators included) starts with, in µ-units of each token.</summary>
    public const ulong StartingBalance = 1_000_000UL * 1_000_000UL;

    /// <summary>The funded user accounts whose keys land in <c>accounts/</c> (the grid operator and the WATT issuer too).</summary>
    public static readonly IReadOnlyList<string> AccountNames = ["alice", "bob", "carol", "dave", "dso", "issuer"];

    public sealed record Options
    {
        public int Validators { get; init; } = 4;

        public int FullNodes { get; init; }

        public string ChainId { get; init; } = DefaultChainId;

        /// <summary>auth.block_interval_ms of the genesis (the chain's pace).</summary>
        public int BlockIntervalMs { get; init; } = 1_000;

        /// <summary>staking.era_blocks of the genesis.</summary>
        public int EraBlocks { get; init; } = 3_600;

        /// <summary>Round timeouts written into every node's config (shorter ones suit a loopback network).</summary>
        public ConsensusTimeouts Timeouts { get; init; } =
            new() { ProposeMs = 1_000, PrevoteMs = 500, PrecommitMs = 500, ProposeDeltaMs = 500, PrevoteDeltaMs = 250, PrecommitDeltaMs = 250 };

        public long GenesisTime { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <summary>Extra funded accounts (the network bench funds its senders this way).</summary>
        public IReadOnlyList<GenesisAccount> ExtraAccounts { get; init; } = [];
    }

    /// <summary>One node of the written network.</summary>
    public sealed record TestnetNode(string Home, string Moniker, bool Validator, NodeId Id, string ApiUrl, string P2pAddress);

    /// <summary>Writes the network under <paramref name="directory"/> (which must be empty or absent).</summary>
    public static IReadOnlyList<TestnetNode> Write(string directory, Options options)
    {
        if (options.Validators < 1) throw new NodeHomeException("a network needs at least one validator");
        if (options.FullNodes < 0 || options.Validators + options.FullNodes > 100) throw new NodeHomeException("at most 100 nodes");
        if (DevAccounts.IsDevChain(options.ChainId)) throw new NodeHomeException(
            $"'{options.ChainId}' is a dev chain id; a testnet is a real network and refuses the dev keys");
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any()) throw new NodeHomeException($"{directory} is not empty");
        Directory.CreateDirectory(directory);
        var count = options.Validators + options.FullNodes;
        var nodeKeys = Enumerable.Range(0, count).Select(_ => SigningKey.Generate()).ToList();
        var validatorKeys = Enumerable.Range(0, options.Validators).Select(_ => SigningKey.Generate()).ToList();
        var accountKeys = AccountNames.ToDictionary(n => n, _ => SigningKey.Generate());
        try
        {
            var accounts = Path.Combine(directory, "accounts");
            Directory.CreateDirectory(accounts);
            foreach (var (name, key) in accountKeys) KeyFile.Save(key, Path.Combine(accounts, name + ".json"));

            var genesis = Genesis(options, [.. validatorKeys.Select(k => k.Address)], [.. accountKeys.Select(a => (a.Key, a.Value.Address))],
                dso: accountKeys["dso"].Address, issuer: accountKeys["issuer"].Address).ToJson();
            File.WriteAllText(Path.Combine(directory, "genesis.json"), genesis);
            var ports = FreeLoopbackPorts(2 * count);
            var ids = nodeKeys.Select(k => NodeId.Of(k.PublicKey)).ToList();
            var p2p = Enumerable.Range(0, count).Select(i => $"127.0.0.1:{ports[2 * i]}").ToList();
            var validatorPeers = Enumerable.Range(0, options.Validators).Select(i => $"{ids[i]}@{p2p[i]}").ToList();
            var nodes = new List<TestnetNode>();
            for (var i = 0; i < count; i++)
            {
                var isValidator = i < options.Validators;
                var moniker = $"node{i}";
                var home = NodeHome.Init(Path.Combine(directory, moniker), new NodeHome.InitOptions
                {
                    Moniker = moniker,
                    GenesisJson = genesis,
                    Validator = isValidator,
                    P2pListen = p2p[i],
                    ApiListen = $"127.0.0.1:{ports[(2 * i) + 1]}",
                    PersistentPeers = [.. validatorPeers.Where((_, v) => v != i)],
                    NodeKey = nodeKeys[i],
                    ValidatorKey = isValidator ? validatorKeys[i] : null,
                });
                home.Config.Consensus = options.Timeouts;
                File.WriteAllText(Path.Combine(home.Path, NodeConfig.FileName), home.Config.ToJson() + "\n");
                nodes.Add(new TestnetNode(home.Path, moniker, isValidator, ids[i], $"http://{home.Config.Api.Listen}", validatorPeers.ElementAtOrDefault(i)
                    ?? $"{ids[i]}@{p2p[i]}"));
            }

            return nodes;
        }
        finally
        {
            foreach (var k in nodeKeys.Concat(validatorKeys).Concat(accountKeys.Values)) k.Dispose();
        }
    }

    /// <summary>A network's genesis: the validators fund and bond their stake through staking (power = bond, so the set
    /// elected at the end of era 0 keeps the same powers), the named accounts funded, the grid operator and WATT issuer
    /// roles, the dev chain's grid. <c>gridforge testnet</c> writes it with fresh keys, <c>gridforge genesis</c> with the
    /// addresses the organisations of a real network sent in.</summary>
    public static GenesisDocument Genesis(Options options, IReadOnlyList<Address> validators, IReadOnlyList<(string Name, Address Address)> accounts,
        Address dso, Address issuer)
    {
        if (validators.Count == 0) throw new NodeHomeException("a network needs at least one validator");
        var all = validators.Concat(accounts.Select(a => a.Address)).Concat(options.ExtraAccounts.Select(a => Address.Parse(a.Address))).ToList();
        if (all.Distinct().Count() != all.Count) throw new NodeHomeException("an address appears twice among the validators and accounts");
        return new GenesisDocument
        {
            ChainId = options.ChainId,
            GenesisTime = options.GenesisTime,
            Validators = [.. validators.Select(v => new GenesisValidator { Address = v.ToString(), Power = ValidatorBond })],
            Accounts =
            [
                .. validators.Select((v, i) => new GenesisAccount { Address = v.ToString(), Name = $"validator{i}", Grid = StartingBalance, Watt =
                    StartingBalance }),
                .. accounts.Select(a => new GenesisAccount { Address = a.Address.ToString(), Name = a.Name, Grid = StartingBalance, Watt = StartingBalance }),
                .. options.ExtraAccounts,
            ],
            Roles = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["dso"] = dso.ToString(),
                ["issuer"] = issuer.ToString(),
            },
            Extra = new(StringComparer.Ordinal)
            {
                [GridGenesis.SectionName] = DevChain.DevGrid().ToJsonElement(),
                [StakingGenesis.SectionName] = new StakingGenesis
                {
                    Validators = [.. validators.Select(
                        v => new StakingGenesisValidator { Address = v.ToString(), Bond = ValidatorBond, CommissionPpb = 50_000_000 })],
                }.ToJsonElement(),
            },
            Params = new(StringComparer.Ordinal)
            {
                [AuthModule.ModuleName] = new(StringComparer.Ordinal) { [AuthModule.BlockIntervalMs.Name] = options.BlockIntervalMs },
                [StakingModule.ModuleName] = new(StringComparer.Ordinal) { [StakingModule.ValidatorCount.Name] = Math.Max(validators.Count, 16),
                    [StakingModule.EraBlocks.Name] = options.EraBlocks },
            },
        };
    }

    /// <summary>Distinct loopback ports free right now (all held open until every one is found, then released).</summary>
    public static IReadOnlyList<int> FreeLoopbackPorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
