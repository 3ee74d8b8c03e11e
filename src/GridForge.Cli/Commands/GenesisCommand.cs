using System.CommandLine;
using GridForge.Core.Primitives;
using GridForge.Node.Home;
using GridForge.Runtime.Genesis;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge genesis</c>: a network's genesis from the addresses its organisations sent in (each made its keys
/// with <c>gridforge init --validator</c> or <c>keys new</c>; nobody else ever sees them). docs/network.md, "A network on
/// several machines".</summary>
internal static class GenesisCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The genesis file to write (must not exist)", Required = true };
        var chainId = new Option<string>("--chain-id") { Description = "The network's chain id (not a dev chain id)", Required = true };
        var validators = new Option<string[]>("--validator") { Description = "A validator's address, grid1… (repeat; each bonds 500,000 GRID at genesis)",
            Required = true, AllowMultipleArgumentsPerToken = true };
        var accounts = new Option<string[]>("--account") { Description = "A funded account, NAME=grid1… (repeat)", AllowMultipleArgumentsPerToken = true };
        var dso = new Option<string>("--dso") { Description = "The grid operator's address (role dso)", Required = true };
        var issuer = new Option<string>("--issuer") { Description = "The WATT issuer's address (role issuer)", Required = true };
        var interval = new Option<int>("--block-interval-ms") { Description = "auth.block_interval_ms", DefaultValueFactory = _ => 1_000 };
        var eraBlocks = new Option<int>("--era-blocks") { Description = "staking.era_blocks", DefaultValueFactory = _ => 3_600 };
        var time = new Option<long?>("--genesis-time") { Description = "Unix seconds (default: now)" };
        var command = new Command("genesis", "Write a network's genesis from its validators' and accounts' addresses: validators bonded through staking, " +
            "accounts funded, the dso and issuer roles")
        {
            output, chainId, validators, accounts, dso, issuer, interval, eraBlocks, time,
        };
        command.SetAction(parse => CliAction.Run(() =>
        {
            var id = parse.GetValue(chainId)!;
            if (Core.Crypto.DevAccounts.IsDevChain(id)) throw new CliException($"'{id}' is a dev chain id; a real network refuses the dev keys");
            var path = parse.GetValue(output)!;
            if (File.Exists(path)) throw new CliException($"{path} exists already; refusing to overwrite a genesis");
            var named = new List<(string, Address)>();
            foreach (var text in parse.GetValue(accounts) ?? [])
            {
                var eq = text.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new CliException($"--account '{text}' is not NAME=ADDRESS");
                named.Add((text[..eq], AddressOf(text[(eq + 1)..], "--account")));
            }

            GenesisDocument genesis;
            try
            {
                genesis = Testnet.Genesis(
                    new Testnet.Options { ChainId = id, BlockIntervalMs = parse.GetValue(interval), EraBlocks = parse.GetValue(eraBlocks), GenesisTime =
                        parse.GetValue(time) ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds() },
                    [.. parse.GetValue(validators)!.Select(v => AddressOf(v, "--validator"))],
                    named,
                    AddressOf(parse.GetValue(dso)!, "--dso"),
                    AddressOf(parse.GetValue(issuer)!, "--issuer"));
            }
            catch (NodeHomeException e)
            {
                throw new CliException(e.Message);
            }

            File.WriteAllText(path, genesis.ToJson());
            Console.WriteLine($"genesis of {id}: {genesis.Validators.Count} validators, {genesis.Accounts.Count} funded accounts -> {Path.GetFullPath(path)}");
            Console.WriteLine("every node must hold this exact file (its hash is checked in every peer handshake)");
            return 0;
        }));
        return command;
    }

    private static Address AddressOf(string text, string option) =>
        Address.TryParse(text, out var address, out var error) ? address : throw new CliException($"{option} '{text}': {error}");
}
