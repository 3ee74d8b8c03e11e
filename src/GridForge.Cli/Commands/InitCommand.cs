using System.CommandLine;
using GridForge.Node.Home;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge init --home DIR</c>: a new node home (keys, config, the network's genesis).</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "The node's home directory (created; must not be a home already)", Required = true };
        var genesis = new Option<string?>("--genesis") { Description =
            "The network's genesis file, copied into the home (else copy it there before starting)" };
        var validator = new Option<bool>("--validator") { Description =
            "Also create a validator key (validator_key.json); bond GRID from its address to validate" };
        var p2p = new Option<string>("--p2p") { Description = "Peer-to-peer listen address, ip:port", DefaultValueFactory = _ => "0.0.0.0:26656" };
        var http = new Option<string>("--http") { Description = "API listen address", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var peers = new Option<string[]>("--peer") { Description = "A persistent peer, node-id@host:port (repeat for several)", AllowMultipleArgumentsPerToken =
            true };
        var moniker = new Option<string>("--moniker") { Description = "A name for logs", DefaultValueFactory = _ => "node" };
        var init = new Command("init", "Create a node home: node key, validator key (--validator), config.json and the genesis") { home, genesis, validator,
            p2p, http, peers, moniker };
        init.SetAction(parse => CliAction.Run(() =>
        {
            var path = parse.GetValue(home)!;
            string? genesisJson = null;
            if (parse.GetValue(genesis) is { } file)
            {
                if (!File.Exists(file)) throw new CliException($"no genesis file '{file}'");
                genesisJson = File.ReadAllText(file);
            }

            try
            {
                var created = NodeHome.Init(path, new NodeHome.InitOptions
                {
                    Moniker = parse.GetValue(moniker)!,
                    GenesisJson = genesisJson,
                    Validator = parse.GetValue(validator),
                    P2pListen = parse.GetValue(p2p)!,
                    ApiListen = parse.GetValue(http)!,
                    PersistentPeers = parse.GetValue(peers) ?? [],
                });
                using var nodeKey = created.LoadNodeKey();
                Console.WriteLine($"node home   {created.Path}");
                Console.WriteLine($"node id     {nodeKey.Id}   (peers write it as {nodeKey.Id}@<this host>:{parse.GetValue(p2p)!.Split(':').Last()})");
                if (created.LoadValidatorKey() is { } key)
                {
                    using (key) Console.WriteLine($"validator   {key.Address}   (fund and bond GRID from this address, or name it in the genesis)");
                }

                if (genesisJson is null) Console.WriteLine($"genesis     none yet: copy the network's genesis.json to {created.GenesisPath}");
                Console.WriteLine($"start with  gridforge node --home {path}");
                return 0;
            }
            catch (NodeHomeException e)
            {
                throw new CliException(e.Message);
            }
        }));
        return init;
    }
}
